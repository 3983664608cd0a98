package dev.unroll;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares a neural network. Put it on an interface whose abstract methods are the layers, in the
 * order data flows through them; each method carries one layer annotation such as {@link Dense} and
 * returns {@code dev.unroll.runtime.Tensor}, a read-only view of that layer's latest output.
 *
 * <p>A network that trains also carries exactly one loss annotation ({@link MeanSquaredError},
 * {@link CrossEntropy}, {@link BinaryCrossEntropy}) and exactly one optimizer annotation ({@link SGD},
 * {@link Adam}). A network with neither is inference-only: it gets no backward pass, which lets it use
 * activations with no useful gradient such as {@link Activation#STEP}.
 *
 * <p>The processor writes a class named {@code Unroll} + the interface's simple name (for a nested
 * interface, the enclosing names joined by {@code _}: {@code UnrollOuter_Inner}) in the same package.
 * It implements the interface and {@code dev.unroll.runtime.Model} (or {@code TrainableModel}).
 *
 * <pre>{@code
 * @Network(input = 784, batchSize = 32, seed = 7)
 * @CrossEntropy
 * @Adam(learningRate = 1e-3)
 * public interface Mlp {
 *   @Dense(units = 128, activation = Activation.RELU) Tensor fc1();
 *   @Dense(units = 10) Tensor fc2();
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.SOURCE)
@Target(ElementType.TYPE)
public @interface Network {
  /**
   * The shape of one input sample, without the batch dimension: {@code {784}} for a flat vector,
   * {@code {1, 28, 28}} for a one-channel image. Required; every dimension must be positive.
   */
  int[] input();

  /**
   * The largest number of samples one forward or training call takes. Buffers are allocated for this
   * many rows once, when the model is constructed; a call may pass any batch from 1 up to it. Default
   * 32; must be positive.
   */
  int batchSize() default 32;

  /**
   * The seed of the parameter initialisation. The same seed gives bit-identical initial parameters,
   * and (with the same data order) bit-identical parameters after training. Default 0; any value.
   */
  long seed() default 0L;

  /**
   * The floating-point type of parameters, activations and gradients. Default {@link Precision#FLOAT};
   * {@link Precision#DOUBLE} generates the same network in double precision, for gradient checks or
   * for users who need it. The runtime API takes {@code float[]} data either way.
   */
  Precision precision() default Precision.FLOAT;
}
