package dev.quickhub.report;

/**
 * A setting a message can point to. Its name here is the library's (the builder method); the
 * command line maps each to its flag.
 */
public enum Setting {
  NAME("HubSpec.Builder.name"),
  PORT("HubSpec.Builder.port");

  private final String inLibrary;

  Setting(String inLibrary) {
    this.inLibrary = inLibrary;
  }

  public String inLibrary() {
    return inLibrary;
  }
}
