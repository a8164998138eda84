package io.annet.dsl;

/** The element-wise nonlinearity applied after a convolution or a dense layer. */
public enum Activation {
  /** max(0, x); weights get He initialisation. */
  RELU,
  /** x for x > 0, 0.01 x otherwise; weights get He initialisation. */
  LEAKY_RELU,
  /** tanh(x); weights get Glorot initialisation. */
  TANH,
  /** 1 / (1 + e^-x); weights get Glorot initialisation. */
  SIGMOID,
  /** x unchanged (a linear layer); weights get Glorot initialisation. */
  IDENTITY;

  /** The slope LEAKY_RELU uses for negative inputs. */
  public static final double LEAKY_SLOPE = 0.01;

  /** Whether layers with this activation are initialised with He (rather than Glorot) scaling. */
  public boolean usesHeInit() {
    return this == RELU || this == LEAKY_RELU;
  }
}
