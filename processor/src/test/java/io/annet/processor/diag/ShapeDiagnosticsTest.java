package io.annet.processor.diag;

import static com.google.common.truth.Truth.assertThat;
import static com.google.testing.compile.CompilationSubject.assertThat;
import static io.annet.processor.BadSources.annet;
import static io.annet.processor.BadSources.bad;
import static io.annet.processor.BadSources.compile;

import com.google.testing.compile.Compilation;
import javax.tools.Diagnostic;
import javax.tools.JavaFileObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * One compile-testing case per shape and attribute diagnostic: the tag is reported on the exact
 * line of the offending annotation value, in a source under {@code src/test/resources/bad/}.
 */
class ShapeDiagnosticsTest {

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "HeadMismatchGap         | [annet.head-mismatch]    | @GlobalAvgPool",
        "HeadMismatchDense       | [annet.head-mismatch]    | units = 12",
        "DenseFedMap             | [annet.not-flat]         | @Dense(units = 10)",
        "SoftmaxFedMap           | [annet.not-flat]         | @Softmax",
        "ImplicitSoftmaxFedMap   | [annet.not-flat]         | @MaxPool(kernel = 2)",
        "ConvKernelTooLarge      | [annet.kernel-too-large] | kernel = 7",
        "MlpConvKernelTooLarge   | [annet.kernel-too-large] | kernel = {3, 6}",
        "MaxPoolKernelTooLarge   | [annet.kernel-too-large] | @MaxPool(kernel = 3, stride = 2)",
        "AvgPoolKernelTooLarge   | [annet.kernel-too-large] | @AvgPool(kernel = 5)",
        "NeedsMap                | [annet.needs-map]        | @Conv(filters = 10, kernel = 1)",
        "TooLarge                | [annet.too-large]        | @Conv(filters = 1073741824",
        "NonPositiveFilters      | [annet.non-positive]     | filters = 0",
        "NonPositiveKernel       | [annet.non-positive]     | kernel = 0",
        "NonPositiveStride       | [annet.non-positive]     | stride = 0",
        "NonPositiveUnits        | [annet.non-positive]     | units = -5",
        "NegativePadding         | [annet.negative-padding] | padding = -1",
        "PoolPadding             | [annet.pool-padding]     | padding = 2",
        "DropoutRate             | [annet.out-of-range]     | rate = 1.0",
        "DepthwiseMultiplier     | [annet.non-positive]     | multiplier = 0",
        "DepthwiseTooManyChannels | [annet.too-large]       | multiplier = 1073741824",
        "DepthwiseKernelTooLarge | [annet.kernel-too-large] | kernel = 7",
        "DepthwiseNegativePadding | [annet.negative-padding] | padding = -1",
        "EmptyFilters            | [annet.empty-filters]    | filters = {}",
        "ArrayLength             | [annet.array-length]     | kernel = {3, 3, 3}",
        "InputNonPositive        | [annet.non-positive]     | channels = 0",
        "ClassesNonPositive      | [annet.non-positive]     | classes = 0",
        "ActivationBeforeSoftmax | [annet.activation-before-softmax] | @Dense(units = 10)",
      })
  void errorOnExactLine(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = compile(file);
    assertThat(compilation).failed();
    assertThat(compilation).hadErrorContaining(tag).inFile(file).onLineContaining(line);
  }

  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "StrideDropsInput | [annet.stride-drops-input] | stride = 2",
        "PaddingIgnored   | [annet.padding-ignored]    | padding = 1",
        "FcHeavy          | [annet.fc-heavy]           | @Dense(units = 512)",
      })
  void warningOnExactLineAndNoAnnetError(String source, String tag, String line) {
    JavaFileObject file = bad(source);
    Compilation compilation = compile(file);
    assertThat(compilation).hadWarningContaining(tag).inFile(file).onLineContaining(line);
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).isEmpty();
  }

  @Test
  void headMismatchOfGapHeadSaysBothFixesAndShowsTheTable() {
    Compilation compilation = compile(bad("HeadMismatchGap"));
    assertThat(compilation)
        .hadErrorContaining(
            "@GlobalAvgPool yields 96 channels but the model has 10 classes: expected [10], found"
                + " [96]. End the last @MlpConv/@Conv with filters = 10 (NIN head) or add"
                + " @Dense(units = 10)");
    assertThat(compilation).hadErrorContaining("input");
    assertThat(compilation).hadErrorContaining("-> [96, 32, 32]");
    assertThat(compilation).hadErrorContaining("-> [96]  0 params  <- here");
  }

  @Test
  void denseFedMapNamesTheParameterCostOfBothFixes() {
    Compilation compilation = compile(bad("DenseFedMap"));
    // GAP: 10 * 32 + 10 = 330; Flatten: 10 * (32 * 28 * 28) + 10 = 250,890.
    assertThat(compilation).hadErrorContaining("fed the map [32, 28, 28] (H = 28, W = 28)");
    assertThat(compilation).hadErrorContaining("then @Dense has 330 parameters");
    assertThat(compilation).hadErrorContaining("then @Dense has 250,890 parameters");
  }

  @Test
  void kernelTooLargeShowsTheFormula() {
    Compilation compilation = compile(bad("MaxPoolKernelTooLarge"));
    assertThat(compilation)
        .hadErrorContaining(
            "@MaxPool(kernel = 3, stride = 2) cannot consume [64, 2, 2]: kernel height 3 > padded"
                + " height 2 (2 + 2 * 0); output height floor((2 + 2 * 0 - 3) / 2) + 1 = 0");
    assertThat(compilation).hadErrorContaining("pool2  @MaxPool(kernel = 2, stride = 2)  ");
    assertThat(compilation).hadErrorContaining("-> [64, 2, 2]  0 params\n");
    assertThat(compilation).hadErrorContaining("pool3  @MaxPool(kernel = 3, stride = 2)");
    assertThat(compilation).hadErrorContaining(" <- here");
  }

  @Test
  void fcHeavyNamesTheShareAndTheGapAlternative() {
    Compilation compilation = compile(bad("FcHeavy"));
    // conv1 320, fc1 512 * 6272 + 512 = 3,211,776, fc2 5,130: total 3,217,226.
    // GAP alternative: 320 + (32 * 10 + 10) = 650.
    assertThat(compilation)
        .hadWarningContaining("dense layers hold 99.9% of all 3,217,226 parameters (3,216,906");
    assertThat(compilation).hadWarningContaining("would have 650 parameters (head: 330)");
  }

  @Test
  void suppressedFcHeavyIsSilent() {
    Compilation compilation = compile(bad("FcHeavySuppressed"));
    assertThat(annet(compilation, Diagnostic.Kind.WARNING)).isEmpty();
    assertThat(annet(compilation, Diagnostic.Kind.ERROR)).isEmpty();
  }

  @Test
  void everyExceededBudgetIsReportedOnItsAttributeWithTheActualFigure() {
    JavaFileObject file = bad("OverBudget");
    Compilation compilation = compile(file);
    // conv1 1*9*10+10 = 100, conv2 10*9*10+10 = 910: 1,010 parameters.
    assertThat(compilation)
        .hadErrorContaining("the model has 1,010 parameters, over @Budget(maxParameters = 1000)")
        .inFile(file)
        .onLineContaining("maxParameters = 1000");
    // 28*28*90 + 28*28*900 = 776,160 MACs.
    assertThat(compilation)
        .hadErrorContaining("776,160 multiply-accumulates")
        .inFile(file)
        .onLineContaining("maxMacs = 50000");
    // (7840 + 7840 + 10) * 4 = 62,760 bytes.
    assertThat(compilation)
        .hadErrorContaining("62,760 bytes")
        .inFile(file)
        .onLineContaining("maxActivationBytes = 4096");
  }
}
