package dev.quickhub.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.quickhub.QuickHub;
import dev.quickhub.image.RegistryTarget;
import dev.quickhub.kernels.KernelRequest;
import dev.quickhub.runtime.HubSpec;
import dev.quickhub.tls.TlsSettings;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Each setting's library name points at a member a Java user can really call. */
class SettingNamesTest {

  private static final Map<String, Class<?>> CLASSES =
      Map.of(
          "QuickHub", QuickHub.class,
          "QuickHub.Builder", QuickHub.Builder.class,
          "HubSpec.Builder", HubSpec.Builder.class,
          "TlsSettings", TlsSettings.class,
          "KernelRequest.Builder", KernelRequest.Builder.class,
          "RegistryTarget.Builder", RegistryTarget.Builder.class);

  private static final Pattern MEMBER = Pattern.compile("([A-Z]\\w*(?:\\.Builder)?)\\.(\\w+)");

  @Test
  void everyLibraryNameIsAPublicMember() {
    for (Setting setting : Setting.values()) {
      Matcher member = MEMBER.matcher(setting.inLibrary());
      assertTrue(member.find(), setting + " names no member: " + setting.inLibrary());
      Class<?> type = CLASSES.get(member.group(1));
      assertTrue(type != null, setting + " names an unknown class: " + setting.inLibrary());
      String name = member.group(2);
      boolean found =
          Arrays.stream(type.getMethods()).anyMatch(m -> m.getName().equals(name))
              || Arrays.stream(type.getFields()).anyMatch(f -> f.getName().equals(name));
      assertTrue(found, setting + ": " + type.getSimpleName() + " has no public " + name);
    }
  }
}
