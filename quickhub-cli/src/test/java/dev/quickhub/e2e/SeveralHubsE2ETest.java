package dev.quickhub.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quickhub.client.HubClient;
import java.net.URI;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Two hubs side by side: own ports, users and files; one goes down, the other stays up. */
class SeveralHubsE2ETest {

  @Test
  void twoHubsSideBySideKeepTheirOwnUsersFilesAndPorts() throws Exception {
    try (TestHub first = new TestHub();
        TestHub second = new TestHub()) {
      assertThat(Cli.run(first.args("up")).exitCode()).isZero();
      Cli up = Cli.run("up", "--name", second.name, "--image", second.image, "--port", "auto");
      assertThat(up.exitCode()).as(up.err()).isZero();
      Matcher url = Pattern.compile("is up at (http://localhost:(\\d+)/)").matcher(up.out());
      assertThat(url.find()).isTrue();
      URI secondUrl = URI.create(url.group(1));
      assertThat(Integer.parseInt(url.group(2))).isNotEqualTo(first.port);

      assertThat(
              Cli.runWithStdin(
                      "ann-pw-1\n", "users", "add", "--name", first.name, "ann", "--password-stdin")
                  .exitCode())
          .isZero();
      HubClient ann = HubClient.at(first.url());
      assertThat(ann.login("ann", "ann-pw-1")).isTrue();
      assertThat(HubClient.at(secondUrl).login("ann", "ann-pw-1"))
          .as("ann is the first hub's only")
          .isFalse();
      HubClient user1 = HubClient.at(secondUrl);
      assertThat(user1.login("user1", "user1")).isTrue();
      user1.startServer(Duration.ofMinutes(3));
      user1.writeFile("second.txt", "only in the second hub");
      assertThat(first.exec(null, null, "test", "-e", "/home/user1/notebook/second.txt").exitCode())
          .isNotZero();

      Cli ls = Cli.run("ls");
      assertThat(ls.out())
          .containsPattern(first.name + " +running +" + first.url() + " +3 ")
          .containsPattern(second.name + " +running +" + secondUrl + " +2 ");

      assertThat(Cli.run(first.args("down")).exitCode()).isZero();
      assertThat(Cli.run("ls").out()).containsPattern(first.name + " +down +- +- ");
      assertThat(user1.readFile("second.txt")).contains("only in the second hub");
      assertThat(HubClient.at(secondUrl).login("user1", "user1")).as("still up").isTrue();

      Cli again = Cli.run("up", "--name", second.name, "--image", second.image);
      assertThat(again.out()).as("the chosen port is remembered").contains("is up at " + secondUrl);
    }
  }
}
