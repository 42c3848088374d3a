package dev.quickhub.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.utils.ArchiveUtils;

/**
 * An output stream that follows a tar archive written into it and hands every byte on, marked with
 * the entry it belongs to, without copying or buffering the entries. Headers are read by
 * commons-compress ({@link TarArchiveEntry}); it takes the ustar entries and PAX headers that Jib
 * and the engine write, and refuses GNU long names and global PAX headers.
 */
abstract class TarSplitter extends OutputStream {

  private static final int BLOCK = 512;
  private static final int TYPE_OFFSET = 156;

  /** Where in the archive the bytes handed on belong. */
  enum Part {
    HEADER,
    DATA,
    PADDING,
    TRAILER
  }

  private final byte[] header = new byte[BLOCK];
  private int headerFill;
  private Part state = Part.HEADER;
  private String entry;
  private long remaining;
  private long dataSize;

  /** An extended header (with its data and padding) waiting for the entry it describes. */
  private final ByteArrayOutputStream extended = new ByteArrayOutputStream();

  private boolean inExtended;

  /** Bytes of {@code entry} (null in the trailer), in order. */
  protected abstract void bytes(String entry, Part part, byte[] b, int off, int len)
      throws IOException;

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n;
      switch (state) {
        case HEADER:
          n = Math.min(len, BLOCK - headerFill);
          System.arraycopy(b, off, header, headerFill, n);
          headerFill += n;
          if (headerFill == BLOCK) {
            headerFill = 0;
            startEntry();
          }
          break;
        case TRAILER:
          n = len;
          bytes(null, Part.TRAILER, b, off, n);
          break;
        default:
          n = (int) Math.min(len, remaining);
          if (inExtended) {
            extended.write(b, off, n);
          } else {
            bytes(entry, state, b, off, n);
          }
          remaining -= n;
          if (remaining == 0) {
            nextAfter(state);
          }
      }
      off += n;
      len -= n;
    }
  }

  private void startEntry() throws IOException {
    if (ArchiveUtils.isArrayZero(header, BLOCK)) {
      state = Part.TRAILER;
      bytes(null, Part.TRAILER, header, 0, BLOCK);
      return;
    }
    TarArchiveEntry parsed;
    try {
      parsed = new TarArchiveEntry(header);
    } catch (IllegalArgumentException e) {
      throw new IOException("the image archive has a broken tar header after " + entry, e);
    }
    if (parsed.isGlobalPaxHeader() || parsed.isGNULongNameEntry() || parsed.isGNULongLinkEntry()) {
      throw new IOException(
          "the image archive uses tar extensions (type "
              + (char) header[TYPE_OFFSET]
              + ") quickhub does not read");
    }
    if (parsed.isPaxHeader()) {
      if (inExtended) {
        throw new IOException("the image archive has two extended headers in a row");
      }
      // Held back and handed on with the entry it describes, so that dropping an entry drops it
      // too.
      inExtended = true;
      extended.write(header, 0, BLOCK);
      entry = "(extended header)";
      remaining = dataSize = parsed.getSize();
      state = Part.DATA;
      if (remaining == 0) {
        nextAfter(Part.DATA);
      }
      return;
    }
    byte[] held = extended.toByteArray();
    long size = parsed.getSize();
    entry = parsed.getName();
    if (held.length > 0) {
      entry = record(held, "path").orElse(entry);
      size = record(held, "size").map(Long::parseLong).orElse(size);
      inExtended = false;
      extended.reset();
      bytes(entry, Part.HEADER, held, 0, held.length);
    }
    bytes(entry, Part.HEADER, header, 0, BLOCK);
    remaining = dataSize = size;
    state = Part.DATA;
    if (size == 0) {
      nextAfter(Part.DATA);
    }
  }

  /** Data is followed by padding to a whole block, then the next header. */
  private void nextAfter(Part finished) {
    if (finished == Part.DATA && padding() > 0) {
      remaining = padding();
      state = Part.PADDING;
    } else {
      state = Part.HEADER;
    }
  }

  private long padding() {
    return (BLOCK - dataSize % BLOCK) % BLOCK;
  }

  /** The value of a "LENGTH key=value\n" record in the extended header's data (after its block). */
  private static Optional<String> record(byte[] held, String key) {
    String data = new String(held, BLOCK, held.length - BLOCK, StandardCharsets.UTF_8);
    for (String line : data.split("\n")) {
      int space = line.indexOf(' ');
      int equals = line.indexOf('=');
      if (space > 0 && equals > space && line.substring(space + 1, equals).equals(key)) {
        return Optional.of(line.substring(equals + 1));
      }
    }
    return Optional.empty();
  }
}
