package io.annet.runtime.checkpoint;

import io.annet.runtime.Architecture;
import io.annet.runtime.NativeThreads;
import io.annet.runtime.NonFinite;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saves and loads checkpoints in the format described in {@link io.annet.runtime.checkpoint}:
 * atomically on save, with every check (magic, version, architecture, per-tensor CRC-32, whole
 * file CRC-32, sizes against the file length) on load.
 */
public final class Checkpoints {
  static final byte[] MAGIC = "ANNETCKP".getBytes(StandardCharsets.US_ASCII);
  static final byte[] TRAILER = "ANNETEND".getBytes(StandardCharsets.US_ASCII);
  static final int VERSION = 1;
  /** The temporary files this JVM's saves are writing now (absolute paths). */
  private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();
  /**
   * One cleanup at a time in this JVM: POSIX releases a process's lock on a file when any of its
   * descriptors of that file closes, so a second thread opening (and closing) a temporary file the
   * first had just locked would free it for its writer in another process, which would then write
   * while the first thread deletes its file (the NoSuchFileException ConcurrentSaveTest caught).
   */
  private static final ReentrantLock CLEANING = new ReentrantLock();
  private static final SecureRandom RANDOM = new SecureRandom();

  private Checkpoints() {}

  /**
   * Writes a checkpoint to {@code path} (through a temporary file, fsync and atomic rename).
   * Tensors holding NaN or infinite values are refused (the file on disk is left as it was)
   * unless {@link SaveOption#ALLOW_NON_FINITE} is given. Several threads or processes may save to
   * one path at once: the last rename wins and every save either completes or throws.
   *
   * @param architecture the network's architecture; its spec and hash go into the file
   * @param parameters the network's named tensors, in order
   * @param optimizerState the optimizer's state (may be empty)
   * @throws CheckpointException when a tensor cannot be stored or is not finite (nothing is left
   *     behind)
   * @throws IOException when the file system fails (nothing is left behind)
   */
  public static void save(
      Path path,
      Architecture architecture,
      Map<String, INDArray> parameters,
      Map<String, INDArray> optimizerState,
      SaveOption... options)
      throws IOException {
    NativeThreads.checkEnvironment(); // the finite check below runs native reductions
    Path target = writableTarget(path);
    if (!List.of(options).contains(SaveOption.ALLOW_NON_FINITE)) {
      requireFinite(target, parameters, optimizerState);
    }
    Path directory = target.getParent();
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new CheckpointException(
          path, "cannot create its directory " + directory + ": " + reason(e), e);
    }
    for (int attempt = 1; ; attempt++) {
      Path temp = directory.resolve(
          "." + target.getFileName() + "." + Long.toUnsignedString(RANDOM.nextLong()) + ".tmp");
      WRITING.add(temp); // before it exists: this JVM's cleanups never open it
      try {
        if (write(temp, target, architecture, parameters, optimizerState)) {
          syncDirectory(directory);
          removeAbandonedTemps(directory, target);
          return;
        }
      } finally {
        WRITING.remove(temp);
      }
      if (attempt == 5) {
        throw new CheckpointException(target, "another process deleted the temporary file of"
            + " this save 5 times in a row; are other programs cleaning " + directory + "?");
      }
    }
  }

  /**
   * Writes the file at {@code temp} and renames it over {@code target}, under a lock on {@code
   * temp} from just after its creation to after the rename. Returns false (and nothing is left
   * behind) when another process's cleanup took the temporary file for abandoned in the instant
   * between its creation and the lock, deleting it: the save is then redone under a new name.
   */
  private static boolean write(
      Path temp,
      Path target,
      Architecture architecture,
      Map<String, INDArray> parameters,
      Map<String, INDArray> optimizerState)
      throws IOException {
    boolean moved = false;
    try (FileChannel channel = createPrivate(temp);
        FileLock writing = channel.lock()) { // held until closed, or until this process dies
      if (!Files.exists(temp, LinkOption.NOFOLLOW_LINKS)) {
        return false; // deleted by a cleanup that locked it first; the channel holds an orphan
      }
      try {
        OutputStream os = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        CheckpointWriter.write(os, target, architecture, parameters, optimizerState);
        channel.force(true);
        try { // still locked: a cleanup elsewhere cannot take the finished file for abandoned
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          throw new CheckpointException(target, "the file system cannot rename atomically", e);
        }
        moved = true;
        return true;
      } finally {
        if (!moved) {
          Files.deleteIfExists(temp);
        }
      }
    }
  }

  /** Creates {@code temp} (it must not exist) readable and writable by its owner only. */
  private static FileChannel createPrivate(Path temp) throws IOException {
    Set<StandardOpenOption> open = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      return FileChannel.open(temp, open,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    return FileChannel.open(temp, open);
  }

  /** Refuses tensors with NaN or infinite values, naming the first such tensor. */
  private static void requireFinite(
      Path target, Map<String, INDArray> parameters, Map<String, INDArray> optimizerState) {
    for (Map<String, INDArray> section : List.of(parameters, optimizerState)) {
      String bad = NonFinite.first(section);
      if (bad != null) {
        throw new CheckpointException(target, "not saved: tensor " + bad + "; the file on disk"
            + " is left as it was (SaveOption.ALLOW_NON_FINITE writes such tensors anyway)");
      }
    }
  }

  /**
   * Fails now, naming {@code path}, when it cannot name a checkpoint file (null, a root, an
   * existing directory), so that a trainer can refuse it before the first epoch rather than after.
   *
   * @throws CheckpointException naming the path and the problem
   */
  public static void requireFileName(Path path) {
    writableTarget(path);
  }

  /** The absolute path to write {@code path} to; fails when it cannot name a file. */
  private static Path writableTarget(Path path) {
    if (path == null) {
      throw new CheckpointException(null, "no path given");
    }
    Path target = path.toAbsolutePath();
    if (target.getFileName() == null || target.getParent() == null) {
      throw new CheckpointException(
          path, "is a root directory, not a file name (e.g. " + target.resolve("model.ckpt") + ")");
    }
    if (Files.isDirectory(target)) {
      throw new CheckpointException(
          path, "is a directory, not a file name (e.g. " + target.resolve("model.ckpt") + ")");
    }
    Path existing = target.getParent();
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing != null && !Files.isDirectory(existing)) {
      throw new CheckpointException(
          path, "cannot create its directory " + target.getParent() + ": " + existing
              + " is a file");
    }
    return target;
  }

  /** What went wrong, in words, for I/O exceptions whose message may be only a path. */
  static String reason(IOException e) {
    if (e instanceof FileSystemException fs) {
      String reason = fs.getReason() != null ? fs.getReason()
          : fs instanceof NoSuchFileException ? "no such file or directory"
          : fs instanceof AccessDeniedException ? "permission denied"
          : fs instanceof FileAlreadyExistsException ? "a file is in the way"
          : fs.getClass().getSimpleName();
      return fs.getFile() == null ? reason : fs.getFile() + ": " + reason;
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /**
   * Deletes the temporary files of earlier saves to {@code target} whose writer died (a SIGKILL
   * mid-save leaves one behind): a writer locks its temporary file right after creating it and
   * holds the lock until it has renamed it or its process ends, so a file whose lock can be taken
   * is abandoned, or was created an instant ago and its writer finds it gone and starts again.
   * This JVM's own saves in progress are skipped without being opened (closing any channel of a
   * file would release this process's lock on it). Failures only skip a file.
   */
  private static void removeAbandonedTemps(Path directory, Path target) {
    if (!CLEANING.tryLock()) {
      return; // another thread of this JVM is cleaning the leftovers
    }
    try {
      removeAbandonedTempsAlone(directory, target);
    } finally {
      CLEANING.unlock();
    }
  }

  private static void removeAbandonedTempsAlone(Path directory, Path target) {
    String prefix = "." + target.getFileName() + ".";
    try (DirectoryStream<Path> temps = Files.newDirectoryStream(directory,
        p -> p.getFileName().toString().startsWith(prefix)
            && p.getFileName().toString().endsWith(".tmp"))) {
      for (Path temp : temps) {
        if (WRITING.contains(temp)) {
          continue;
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock()) {
          if (lock != null) {
            Files.deleteIfExists(temp);
          }
        } catch (IOException | OverlappingFileLockException e) {
          // gone already, or not ours to open: leave it
        }
      }
    } catch (IOException e) {
      // the checkpoint itself is written; a directory we cannot list keeps its leftovers
    }
  }

  /**
   * The architecture part of a spec: the spec without the model's name, which specs written before
   * names were left out began with ({@code "MnistGap input=[1, 28, 28] ..."}), so that checkpoints
   * of a renamed interface, old ones included, load as long as every layer is the same.
   */
  static String architectureOf(String spec) {
    int header = spec.indexOf('\n');
    String first = header < 0 ? spec : spec.substring(0, header);
    int input = first.indexOf(" input=");
    if (first.startsWith("input=") || input < 0 || first.substring(0, input).contains(" ")) {
      return spec;
    }
    return spec.substring(input + 1);
  }

  static byte[] sha256(String spec) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(spec.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** Makes the rename durable; some file systems refuse to open a directory, which is fine. */
  private static void syncDirectory(Path directory) {
    try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
      dir.force(true);
    } catch (IOException | UnsupportedOperationException ignored) {
      // best effort: the data itself was already forced to disk before the rename
    }
  }

  /**
   * Reads the checkpoint at {@code path}, checking it was written for {@code expected}.
   *
   * @throws CheckpointException when the file is not a checkpoint, is truncated or corrupted
   *     (naming the tensor whose CRC disagrees), or holds another architecture (with a
   *     layer-by-layer diff of the two specs)
   * @throws IOException when the file cannot be read
   */
  public static Checkpoint load(Path path, Architecture expected) throws IOException {
    return CheckpointReader.read(path, expected);
  }

  /**
   * Reads the checkpoint at {@code path} whatever its architecture, with the model name and spec
   * stored in it (for loading a part of it, e.g. a backbone, into another network).
   *
   * @throws CheckpointException when the file is not a checkpoint, is truncated or corrupted
   * @throws IOException when the file cannot be read
   */
  public static StoredCheckpoint read(Path path) throws IOException {
    return CheckpointReader.readStored(path, null);
  }
}
