package dev.quickhub.report;

/**
 * A setting a message can point to. Its name here is the library's (the builder method); the
 * command line maps each to its flag.
 */
public enum Setting {
  NAME("HubSpec.Builder.name"),
  PORT("HubSpec.Builder.port"),
  BIND("HubSpec.Builder.bind"),
  SHARE("HubSpec.Builder.share"),
  CPUS("HubSpec.Builder.cpus"),
  PIDS("HubSpec.Builder.pids"),
  USER_PIDS("HubSpec.Builder.userPids"),
  USER_CPUS("HubSpec.Builder.userCpus"),
  GPUS("HubSpec.Builder.gpus"),
  SERVERS("HubSpec.Builder.servers"),
  CULL_IDLE("HubSpec.Builder.cullIdle"),
  HTTP_PORT("HubSpec.Builder.httpPort"),
  TLS_CERT("the certificate of QuickHub.Builder.tlsFiles"),
  TLS_KEY("the key of QuickHub.Builder.tlsFiles"),
  SELF_SIGNED("TlsSettings.SELF_SIGNED"),
  DOMAIN("TlsSettings.domain"),
  ACME_EMAIL("TlsSettings.acmeEmail"),
  ACME_DIRECTORY("TlsSettings.acmeDirectory"),
  ACME_CA("TlsSettings.acmeCa"),
  BASE("QuickHub.Builder.base"),
  BUILDER_IMAGE("QuickHub.Builder.builderImage"),
  PROJECT("QuickHub.Builder.project"),
  HOST("QuickHub.Builder.host"),
  ACCEPT_NEW_HOST_KEY("QuickHub.Builder.acceptNewHostKey"),
  NO_INSTALL_ENGINE("QuickHub.Builder.mayStartEngine(false)"),
  FORCE_RESTORE("QuickHub.restore(file, true)"),
  INSECURE_HTTP("HubSpec.Builder.insecureHttp"),
  FORWARD("QuickHub.forward"),
  EPHEMERAL("QuickHub.Builder.ephemeral"),
  KERNEL_FORCE("KernelRequest.Builder.force"),
  REGISTRY_USER("RegistryTarget.Builder.credential"),
  REGISTRY_CA("RegistryTarget.Builder.ca"),
  INSECURE_REGISTRY("RegistryTarget.Builder.insecure");

  private final String inLibrary;

  Setting(String inLibrary) {
    this.inLibrary = inLibrary;
  }

  public String inLibrary() {
    return inLibrary;
  }
}
