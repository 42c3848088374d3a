package dev.quickhub.backup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.quickhub.report.Progress;
import dev.quickhub.report.QuickHubException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HubRestoreTest {

  @TempDir Path dir;

  // The archive is read before the engine is asked anything.
  private final HubRestore restore = new HubRestore(null, Progress.silent());

  @Test
  void aMissingBackupIsCalledMissingNotDamaged() {
    Path missing = dir.resolve("hub.quickhub-backup.tar.gz");
    assertThatThrownBy(() -> restore.check(missing))
        .isInstanceOf(QuickHubException.class)
        .hasMessage(
            "The backup "
                + missing
                + " is missing; give the path of a quickhub backup archive; nothing was written.");
  }

  @Test
  void aFolderIsNotABackup() {
    assertThatThrownBy(() -> restore.check(dir))
        .isInstanceOf(QuickHubException.class)
        .hasMessageContaining(dir + " is not a file")
        .hasMessageNotContaining("damaged");
  }
}
