package io.annet.runtime.checkpoint;

/**
 * A checkpoint read without an architecture to check it against ({@link Checkpoints#read}).
 *
 * @param modelName the name of the model that saved it
 * @param spec the canonical spec stored in it (its SHA-256 checked)
 * @param checkpoint its tensors and optimizer state
 */
public record StoredCheckpoint(String modelName, String spec, Checkpoint checkpoint) {}
