/**
 * Checkpoints: one file holding a network's tensors and its optimizer's state, tied to the
 * architecture that wrote it.
 *
 * <h2>File format, version 1</h2>
 *
 * All numbers big-endian ({@link java.io.DataOutputStream}); a string is an {@code int} byte
 * length followed by that many UTF-8 bytes.
 *
 * <pre>
 * magic          8 bytes  "ANNETCKP"
 * version        int      1
 * model name     string   Architecture.modelName()
 * spec           string   Architecture.spec(): the canonical spec, one line per layer
 * spec hash      32 bytes SHA-256 of the spec's UTF-8 bytes (checked on load: corruption)
 * parameters     int count, then count tensors
 * optimizer      int count, then count tensors (0 when saved without optimizer state)
 * trailer        8 bytes  "ANNETEND"
 *                long     number of bytes before the trailer
 *                int      CRC-32 of every byte before this field (the whole-file check)
 *
 * tensor:
 *   name         string   e.g. "conv1.weight", "adam.m.conv1.weight", "adam.iteration"
 *   dtype        byte     1 FLOAT, 2 DOUBLE, 3 INT64, 4 INT32
 *   rank         int      0..32
 *   shape        rank longs
 *   data         product(shape) * width bytes, c order
 *   crc          int      CRC-32 of this tensor's bytes from its name through its data
 * </pre>
 *
 * <p>The spec covers the architecture: the input, the classes, and every layer with its name,
 * attributes, inputs and output shape; not the interface's name or package, which the model name
 * field holds for messages. A checkpoint loads into a network whose spec is the same, so renaming
 * or moving the interface keeps its checkpoints, and changing any layer is refused with a
 * layer-by-layer diff. Specs written before the name was left out start with it ({@code "MnistGap
 * input=..."}); it is ignored when comparing.
 *
 * <p>Writing goes to a temporary file in the target's directory, which is flushed to disk
 * ({@code fsync}) and then atomically renamed over the target, so a crash leaves either the old
 * checkpoint or the new one, never half of one. The temporary file is locked from just after its
 * creation until after the rename, so saves from several threads or processes to one path never
 * take each other's file for a dead writer's leftover. Tensors holding NaN or infinite values are
 * refused unless {@link io.annet.runtime.checkpoint.SaveOption#ALLOW_NON_FINITE} is given, so a
 * diverged model never replaces a good checkpoint by accident. Reading checks every declared length against
 * the bytes left in the file before allocating, so a forged length fails with a {@link
 * io.annet.runtime.checkpoint.CheckpointException} rather than an {@code OutOfMemoryError}.
 */
package io.annet.runtime.checkpoint;
