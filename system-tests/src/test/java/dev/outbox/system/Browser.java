package dev.outbox.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A headless Chromium driven over WebDriver: the system's {@code chromium} and {@code chromedriver}
 * (Debian's {@code chromium} and {@code chromium-driver} packages, which {@code .ci/run} installs).
 * Without them the browser tests are skipped with a message saying what to install, unless {@code
 * BROWSER_TESTS_REQUIRED=true} (set by {@code .ci/run}) makes that a failure.
 *
 * <p>Waits are on conditions: {@link #await(String, Supplier)} re-reads the page until what it
 * looks for is there, however long the machine takes to render.
 */
final class Browser implements AutoCloseable {

  private static final Duration PAGE = Duration.ofMinutes(2);

  static {
    // Selenium traces its own commands with OpenTelemetry unless told not to; the platform's
    // tracing tests share this JVM and must see only the platform's spans.
    System.setProperty("webdriver.remote.enableTracing", "false");
  }

  private final ChromeDriver driver;

  private Browser(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Starts a headless browser, or skips the calling test when none is installed. */
  static Browser start() {
    Optional<Path> chromium = executable("BROWSER_TESTS_CHROMIUM", "chromium", "chromium-browser");
    Optional<Path> chromedriver = executable("BROWSER_TESTS_CHROMEDRIVER", "chromedriver");
    if (chromium.isEmpty() || chromedriver.isEmpty()) {
      String missing =
          "no headless browser: install Debian's chromium and chromium-driver"
              + " (apt-get install chromium chromium-driver; .ci/run does) or point"
              + " BROWSER_TESTS_CHROMIUM and BROWSER_TESTS_CHROMEDRIVER at them";
      if (Boolean.parseBoolean(System.getenv("BROWSER_TESTS_REQUIRED"))) {
        throw new IllegalStateException(missing);
      }
      Assumptions.abort(missing);
    }
    // The WebDriver client is quiet unless something goes wrong.
    Logger.getLogger("org.openqa.selenium").setLevel(Level.WARNING);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(chromium.get().toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox", // CI runs as root, where Chromium's sandbox cannot start
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--no-first-run",
        "--window-size=1440,1000",
        "--lang=en-US");
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(chromedriver.get().toFile())
            .usingAnyFreePort()
            .build();
    return new Browser(new ChromeDriver(service, options));
  }

  private static Optional<Path> executable(String variable, String... names) {
    String configured = System.getenv(variable);
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    String path = Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin");
    return Stream.of(path.split(":"))
        .flatMap(directory -> Stream.of(names).map(name -> Path.of(directory, name)))
        .filter(Files::isExecutable)
        .findFirst();
  }

  void open(String url) {
    driver.get(url);
  }

  /** The elements a CSS selector finds now (maybe none). */
  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  /** Waits until the selector finds an element, and returns the first. */
  WebElement find(String css) {
    return await("an element " + css, () -> all(css).stream().findFirst().orElse(null));
  }

  /** Waits until the selector finds nothing (the element went away). */
  void awaitGone(String css) {
    await("no element " + css, () -> all(css).isEmpty() ? Boolean.TRUE : null);
  }

  /**
   * Waits until {@code probe} answers non-null, re-asking as the page updates itself, and returns
   * that answer. An element replaced by a refresh between finding and reading it is asked again.
   */
  <T> T await(String what, Supplier<T> probe) {
    return Awaitility.await(what)
        .atMost(PAGE)
        .pollInterval(Duration.ofMillis(250))
        .ignoreException(StaleElementReferenceException.class)
        .until(probe::get, answer -> answer != null);
  }

  /** Runs script in the page and returns its result. */
  Object script(String javascript, Object... args) {
    return driver.executeScript(javascript, args);
  }

  /** Saves a PNG of the visible page. */
  void screenshot(Path file) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Saves a PNG of the whole page, laid out at the window's width and the page's full height. */
  void screenshotWholePage(Path file) {
    script("window.scrollTo(0, 0)");
    Number width = (Number) script("return window.innerWidth");
    Number height =
        (Number)
            script(
                "return Math.max(document.documentElement.scrollHeight,"
                    + " document.body.scrollHeight)");
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of(
            "width",
            width.intValue(),
            "height",
            height.intValue(),
            "deviceScaleFactor",
            1,
            "mobile",
            false));
    try {
      screenshot(file);
    } finally {
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    }
  }

  /** The page's title. */
  String title() {
    return driver.getTitle();
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } catch (WebDriverException e) {
      // The browser is gone already; nothing left to stop.
    }
  }
}
