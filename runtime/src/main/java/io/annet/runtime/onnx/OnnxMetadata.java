package io.annet.runtime.onnx;

import io.annet.runtime.onnx.proto.OnnxProto.ModelProto;
import io.annet.runtime.onnx.proto.OnnxProto.StringStringEntryProto;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The metadata keys an Annet export writes into {@code metadata_props}, and reading them back.
 */
public final class OnnxMetadata {
  /** The {@code @Model} interface's simple name. */
  public static final String MODEL = "annet.model";
  /** SHA-256 (hex) of the canonical spec, as checkpoints store it. */
  public static final String SPEC_SHA256 = "annet.spec_sha256";
  /** The canonical spec itself. */
  public static final String SPEC = "annet.spec";
  /** The class names, one per line, in class-index order (when the export was given them). */
  public static final String CLASS_NAMES = "annet.class_names";

  private OnnxMetadata() {}

  /** The value of {@code key} in {@code model}'s metadata, if present. */
  static Optional<String> get(ModelProto model, String key) {
    for (StringStringEntryProto entry : model.getMetadataPropsList()) {
      if (entry.getKey().equals(key)) {
        return Optional.of(entry.getValue());
      }
    }
    return Optional.empty();
  }

  /** The class names of {@code model}'s metadata, empty when it has none. */
  static List<String> classNames(ModelProto model) {
    return get(model, CLASS_NAMES).map(s -> Arrays.asList(s.split("\n", -1))).orElse(List.of());
  }

  /** The runtime jar's version, or {@code development} when run from classes. */
  static String producerVersion() {
    String version = OnnxMetadata.class.getPackage().getImplementationVersion();
    return version == null ? "development" : version;
  }
}
