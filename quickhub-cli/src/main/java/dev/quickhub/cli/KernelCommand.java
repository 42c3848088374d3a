package dev.quickhub.cli;

import dev.quickhub.kernels.KernelRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "kernel",
    mixinStandardHelpOptions = true,
    header = "Add, list and remove Jupyter kernels with their own packages in the running hub.",
    description = {
      "Runs the hub's quickhub-kernel helper as the user the kernel is for (or as root for every"
          + " user's) and shows its output. A user's kernel lives in their home (~/.venvs/NAME); one"
          + " for every user in /srv/quickhub/envs/NAME on the srv volume. Both survive down/up and"
          + " image rebuilds. Users run the same helper in a JupyterLab terminal: quickhub-kernel --help.",
      ""
    },
    subcommands = {
      KernelCommand.Add.class,
      KernelCommand.ListKernels.class,
      KernelCommand.Remove.class
    })
final class KernelCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Whose kernel: one user's, or every user's. */
  static final class Owner {
    @Option(names = "--user", paramLabel = "U", required = true, description = "The kernel is U's.")
    String user;

    @Option(
        names = "--system",
        required = true,
        description = "The kernel is every user's (made as root).")
    boolean system;

    Optional<String> user() {
      return Optional.ofNullable(user);
    }
  }

  @Command(
      name = "add",
      mixinStandardHelpOptions = true,
      header = "Create a kernel with its own environment (a venv, or conda with --conda).")
  static final class Add implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(paramLabel = "NAME", description = "Kernel name: lower-case letters, digits, . _ -")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Owner owner;

    @Option(
        names = "--packages",
        paramLabel = "A,B",
        split = ",",
        description = "Packages to install into the environment.")
    List<String> packages = new ArrayList<>();

    @Option(
        names = "--conda",
        description =
            "A conda environment (needs conda, mamba or micromamba in the hub or the user's home).")
    boolean conda;

    @Option(names = "--force", description = "Replace a kernel of the same name.")
    boolean force;

    @Option(
        names = "--index-url",
        paramLabel = "URL",
        description = "The package index for pip (default: the hub's pip configuration).")
    String indexUrl;

    @Override
    public Integer call() {
      KernelRequest.Builder request =
          KernelRequest.builder(name)
              .kind(conda ? KernelRequest.Kind.CONDA : KernelRequest.Kind.VENV)
              .packages(packages)
              .force(force)
              .indexUrl(indexUrl);
      owner.user().ifPresent(request::forUser);
      var out = spec.commandLine().getOut();
      hub.hub(spec.commandLine().getErr())
          .build()
          .kernels()
          .add(
              request.build(),
              text -> {
                out.print(text);
                out.flush();
              });
      return 0;
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      header = "The kernels a user can use (every user's, and with --user U also U's own).")
  static final class ListKernels implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Option(names = "--user", paramLabel = "U", description = "Also list U's own kernels.")
    String user;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      out.print(
          hub.hub(spec.commandLine().getErr()).build().kernels().list(Optional.ofNullable(user)));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "remove",
      mixinStandardHelpOptions = true,
      header = "Remove a kernel and its environment.")
  static final class Remove implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin HubOptions hub;

    @Parameters(paramLabel = "NAME", description = "The kernel.")
    String name;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Owner owner;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      hub.hub(spec.commandLine().getErr()).build().kernels().remove(name, owner.user(), out::print);
      out.flush();
      return 0;
    }
  }
}
