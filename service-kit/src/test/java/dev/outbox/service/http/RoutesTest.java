package dev.outbox.service.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutesTest {

  private static final Handler OK = request -> Response.json(200, "ok");

  @Test
  void templates_match_whole_segments_and_decode_them() {
    Routes routes = Routes.builder().get("/a/{id}/b", OK).build();

    assertThat(routes.match(Router.segments("/a/x%2Fy/b")))
        .hasValueSatisfying(m -> assertThat(m.parameters()).containsEntry("id", "x/y"));
    assertThat(routes.match(Router.segments("/a/x/b/"))).isEmpty();
    assertThat(routes.match(Router.segments("/a//b"))).isEmpty();
    assertThat(routes.match(Router.segments("/a/x"))).isEmpty();
  }

  @Test
  void a_method_routed_twice_or_an_ambiguous_template_is_refused() {
    assertThatThrownBy(() -> Routes.builder().get("/a/{id}", OK).get("/a/{id}", OK))
        .hasMessage("GET /a/{id} is routed twice");
    assertThatThrownBy(() -> Routes.builder().get("/a/{id}", OK).put("/a/{key}", OK))
        .hasMessage("/a/{key} matches the same paths as /a/{id}");
    assertThatThrownBy(() -> Routes.builder().route("HEAD", "/a", OK))
        .hasMessage("HEAD is answered by the route table itself");
    assertThatThrownBy(() -> Routes.builder().get("a", OK)).hasMessageContaining("starts with '/'");
    assertThatThrownBy(() -> Routes.builder().get("/a/{x}/{x}", OK))
        .hasMessageContaining("appears twice");
  }

  @Test
  void allow_lists_the_declared_methods_with_head_after_get_and_options_last() {
    Routes routes = Routes.builder().put("/a", OK).get("/a", OK).delete("/a", OK).build();

    assertThat(routes.match(List.of("a")).orElseThrow().route().allowed())
        .containsExactly("PUT", "GET", "HEAD", "DELETE", "OPTIONS");
  }

  @Test
  void a_bad_percent_encoding_is_a_400() {
    assertThatThrownBy(() -> Router.segments("/a/%zz"))
        .isInstanceOf(BadRequestException.class)
        .hasMessageStartingWith("path: bad percent-encoding");
    assertThatThrownBy(() -> Router.segments("/a/%C3%28"))
        .hasMessageStartingWith("path: percent-encoding that is not UTF-8");
  }
}
