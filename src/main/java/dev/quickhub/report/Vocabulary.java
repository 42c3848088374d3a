package dev.quickhub.report;

/** How settings and commands are named to the one reading a {@link Message}. */
public interface Vocabulary {

  String setting(Setting setting);

  String call(Call call);

  /** For a user of the Java library: the builder method or the {@code QuickHub} method. */
  Vocabulary LIBRARY =
      new Vocabulary() {
        @Override
        public String setting(Setting setting) {
          return setting.inLibrary();
        }

        @Override
        public String call(Call call) {
          return switch (call.command()) {
            case UP -> "QuickHub.up() for hub '" + call.hub() + "'";
            case DOWN -> "QuickHub.down() for hub '" + call.hub() + "'";
            case LOGS -> "QuickHub.logs() for hub '" + call.hub() + "'";
            case DESTROY -> "QuickHub.destroy() for hub '" + call.hub() + "'";
            case REFRESH_BASE -> "QuickHub.build() with a refreshed base";
          };
        }
      };
}
