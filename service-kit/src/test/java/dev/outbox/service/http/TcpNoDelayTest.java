package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class TcpNoDelayTest {

  @Test
  void an_unset_property_is_turned_on() {
    Properties properties = new Properties();

    assertThat(TcpNoDelay.defaultOn(properties)).isTrue();
    assertThat(properties.getProperty(TcpNoDelay.PROPERTY)).isEqualTo("true");
  }

  @Test
  void a_property_the_app_set_to_false_is_left_alone() {
    Properties properties = new Properties();
    properties.setProperty(TcpNoDelay.PROPERTY, "false");

    assertThat(TcpNoDelay.defaultOn(properties)).isFalse();
    assertThat(properties.getProperty(TcpNoDelay.PROPERTY)).isEqualTo("false");
  }

  @Test
  void a_value_is_read_as_the_jdk_reads_it() {
    Properties properties = new Properties();
    properties.setProperty(TcpNoDelay.PROPERTY, "TRUE");

    assertThat(TcpNoDelay.defaultOn(properties)).isTrue();
    assertThat(properties.getProperty(TcpNoDelay.PROPERTY)).isEqualTo("TRUE");
  }
}
