package dev.quickhub.runtime;

/** One named step of {@link HubRuntime#up}; the steps run in order, each on the same state. */
interface UpStep {

  void run(UpState up);
}
