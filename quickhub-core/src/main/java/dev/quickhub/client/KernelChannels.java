package dev.quickhub.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.quickhub.report.QuickHubException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A running kernel's channels over the Jupyter server's websocket (the JSON message protocol):
 * waits until the kernel answers, then executes code and collects its output.
 */
final class KernelChannels implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final WebSocket socket;
  private final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
  private final String user;
  private final String session = UUID.randomUUID().toString();
  private final Instant deadline;

  private KernelChannels(HttpClient http, URI uri, String user, Duration timeout) {
    this.user = user;
    this.deadline = Instant.now().plus(timeout);
    try {
      this.socket =
          http.newWebSocketBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .buildAsync(uri, new Collector())
              .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException | TimeoutException e) {
      throw new QuickHubException("Cannot open the kernel's channels at " + uri + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while opening the kernel's channels.");
    }
  }

  static KernelChannels open(HttpClient http, URI uri, String user, Duration timeout) {
    KernelChannels channels = new KernelChannels(http, uri, user, timeout);
    channels.awaitReady();
    return channels;
  }

  /** Asks for kernel_info until the kernel answers: a new kernel drops requests while starting. */
  private void awaitReady() {
    while (true) {
      String id = send("kernel_info_request", JSON.createObjectNode());
      Instant retry = Instant.now().plusSeconds(2);
      while (Instant.now().isBefore(retry)) {
        JsonNode message = next(Duration.between(Instant.now(), retry));
        if (message != null
            && id.equals(message.path("parent_header").path("msg_id").asText())
            && "kernel_info_reply".equals(message.path("header").path("msg_type").asText())) {
          return;
        }
      }
    }
  }

  /** Runs {@code code}; returns its printed output and result, or fails with its error. */
  String execute(String code) {
    ObjectNode content = JSON.createObjectNode();
    content.put("code", code);
    content.put("silent", false);
    content.put("store_history", false);
    content.putObject("user_expressions");
    content.put("allow_stdin", false);
    content.put("stop_on_error", true);
    String id = send("execute_request", content);
    StringBuilder output = new StringBuilder();
    while (true) {
      JsonNode message = next(Duration.between(Instant.now(), deadline));
      if (message == null || !id.equals(message.path("parent_header").path("msg_id").asText())) {
        continue;
      }
      JsonNode body = message.path("content");
      switch (message.path("header").path("msg_type").asText()) {
        case "stream" -> output.append(body.path("text").asText());
        case "execute_result" ->
            output.append(body.path("data").path("text/plain").asText()).append('\n');
        case "error" ->
            throw new QuickHubException(
                "The code failed in the kernel: "
                    + body.path("ename").asText()
                    + ": "
                    + body.path("evalue").asText()
                    + "\n"
                    + output);
        case "status" -> {
          if ("idle".equals(body.path("execution_state").asText())) {
            return output.toString();
          }
        }
        default -> {}
      }
    }
  }

  private String send(String type, ObjectNode content) {
    String id = UUID.randomUUID().toString();
    ObjectNode message = JSON.createObjectNode();
    ObjectNode header = message.putObject("header");
    header.put("msg_id", id);
    header.put("msg_type", type);
    header.put("username", user);
    header.put("session", session);
    header.put("version", "5.3");
    message.putObject("parent_header");
    message.putObject("metadata");
    message.set("content", content);
    message.put("channel", "shell");
    socket.sendText(message.toString(), true).join();
    return id;
  }

  /** The next message, or null when none came in {@code wait}; fails past the deadline. */
  private JsonNode next(Duration wait) {
    if (Instant.now().isAfter(deadline)) {
      throw new QuickHubException("The kernel did not finish in time.");
    }
    try {
      return messages.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new QuickHubException("Interrupted while waiting for the kernel.");
    }
  }

  @Override
  public void close() {
    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
  }

  /** Puts each whole text message on the queue. */
  private final class Collector implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          messages.add(JSON.readTree(partial.toString()));
        } catch (IOException e) {
          // Not a JSON message: nothing this client waits for.
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }
  }
}
