package dev.unroll.runtime;

import java.util.Map;

/**
 * A generated network with a loss and an optimizer. The runtime's training loop, evaluation and
 * checkpoints drive any model through this interface, without reflection.
 *
 * <p>None of these calls allocate. They check the batch against the model and throw
 * {@link IllegalArgumentException} naming the expected and the actual size on a mismatch.
 */
public interface TrainableModel extends Model {
  /** The model's loss, which also says what targets it takes. */
  LossKind lossKind();

  /**
   * Forward pass and loss over the batch, averaged as the loss defines it; the outputs stay readable
   * through {@link #output()}. Changes no parameter and no gradient.
   */
  double loss(Batch batch);

  /**
   * Forward pass, loss and backward pass: afterwards {@link #gradients()} hold the gradient of the
   * returned loss with respect to each parameter (overwritten, not accumulated across calls).
   */
  double computeGradients(Batch batch);

  /** One optimizer step using the current gradients. */
  void applyGradients();

  /** {@link #computeGradients(Batch)} followed by {@link #applyGradients()}; returns the loss. */
  default double trainStep(Batch batch) {
    double loss = computeGradients(batch);
    applyGradients();
    return loss;
  }

  /** The gradients, by the same names and in the same layout as {@link #parameters()}. */
  Map<String, Tensor> gradients();

  /** How many optimizer steps have been applied since construction or {@link #initialize(long)}. */
  long stepCount();
}
