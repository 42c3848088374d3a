package dev.quickhub.system;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** quickhub's own version, from the build. */
public final class Version {

  private Version() {}

  public static String get() {
    Properties properties = new Properties();
    try (InputStream in = Version.class.getResourceAsStream("/dev/quickhub/version.properties")) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      return "unknown";
    }
    return properties.getProperty("version", "unknown");
  }
}
