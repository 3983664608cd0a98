package dev.unroll.processor.emit;

/**
 * Where a layer's emitted code finds its neighbours: the buffer names the writer chose.
 *
 * @param num the number type
 * @param in the input activations, {@code T[MAX_BATCH][inSize]}
 * @param inDelta the gradient with respect to the input, to be written by backward; {@code null} when no
 *     earlier layer needs it (the first layer)
 * @param out this layer's output activations
 * @param outDelta the gradient with respect to this layer's output, which backward may overwrite
 * @param deltaIsPreActivation whether the loss already wrote the gradient with respect to the
 *     pre-activation into {@code outDelta} (sigmoid with binary cross-entropy), so backward must not apply
 *     the activation's derivative again
 */
public record LayerContext(Num num, String in, String inDelta, String out, String outDelta,
    boolean deltaIsPreActivation) {

  /** The field name of the gradient of a parameter field. */
  public static String gradient(String field) {
    return field + "Grad";
  }
}
