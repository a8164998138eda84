package io.annet.processor.shape;

import java.util.List;
import java.util.Optional;

/**
 * What shape inference found for one model.
 *
 * @param table the full shape table when every layer's output could be computed (the model may
 *     still have errors, see {@link #hasErrors()})
 * @param rows the rows inferred, in node order; when a node failed, only those of the nodes that
 *     did not depend on a failed one (all rows when {@code table} is present)
 * @param problems every error and warning, in source order of discovery
 */
public record InferenceResult(
    Optional<ShapeTable> table, List<LayerRow> rows, List<ShapeProblem> problems) {

  public InferenceResult {
    rows = List.copyOf(rows);
    problems = List.copyOf(problems);
  }

  /** Whether any problem is an error. */
  public boolean hasErrors() {
    return problems.stream().anyMatch(ShapeProblem::isError);
  }

  /** The table of a model without errors, ready for code generation. */
  public Optional<ShapeTable> cleanTable() {
    return hasErrors() ? Optional.empty() : table;
  }
}
