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
          String method =
              switch (call.command()) {
                case UP -> "QuickHub.up()";
                case DOWN -> "QuickHub.down()";
                case LOGS -> "QuickHub.logs()";
                case DESTROY -> "QuickHub.destroy()";
                case REFRESH_BASE -> "QuickHub.buildImage() with a refreshed base";
                case BUILD -> "QuickHub.buildImage()";
                case USERS_LIST -> "QuickHub.accounts()";
                case USERS_RESTORE -> "QuickHub.users().restore()";
              };
          return call.hub() == null ? method : method + " for hub '" + call.hub() + "'";
        }
      };
}
