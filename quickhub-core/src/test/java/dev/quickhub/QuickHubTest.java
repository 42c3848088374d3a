package dev.quickhub;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.quickhub.image.ImageSources;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class QuickHubTest {

  @Test
  void theEngineIsOpenedOnFirstUseAndCheckedOnce() throws Exception {
    AtomicInteger pings = new AtomicInteger();
    HttpServer engine =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    engine.createContext(
        "/",
        exchange -> {
          if (exchange.getRequestURI().getPath().endsWith("/_ping")) {
            pings.incrementAndGet();
          }
          byte[] ok = "OK".getBytes(StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, ok.length);
          exchange.getResponseBody().write(ok);
          exchange.close();
        });
    engine.start();
    try {
      QuickHub hub =
          QuickHub.builder()
              .host("tcp://127.0.0.1:" + engine.getAddress().getPort())
              .mayStartEngine(false)
              .sources(ImageSources.at(Path.of(".")))
              .name("course")
              .build();
      assertThat(pings).as("building the facade contacts no engine").hasValue(0);
      assertThat(hub.engine()).isSameAs(hub.engine());
      hub.engine();
      assertThat(pings).hasValue(1);
    } finally {
      engine.stop(0);
    }
  }
}
