package dev.quickhub.cli;

import dev.quickhub.report.QuickHubException;
import dev.quickhub.runtime.Servers;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --servers process|container}, with the core's sentence for anything else. */
final class ServersConverter implements ITypeConverter<Servers> {

  @Override
  public Servers convert(String value) {
    try {
      return Servers.of(value);
    } catch (QuickHubException e) {
      throw new TypeConversionException(e.getMessage());
    }
  }
}
