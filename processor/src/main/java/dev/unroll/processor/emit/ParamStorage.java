package dev.unroll.processor.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.unroll.processor.ir.Param;

/** How a parameter's storage is declared, allocated and walked row by row in generated code. */
public final class ParamStorage {
  private ParamStorage() {}

  /** {@code float[]} for a vector, {@code float[][]} for a transposed matrix. */
  public static TypeName type(Param p, Num num) {
    return p.storage() == Param.Storage.VECTOR ? num.array() : num.matrix();
  }

  /** The allocation: {@code new float[784][128]} stores the transpose of a {@code [128, 784]} weight. */
  public static CodeBlock allocation(Param p, Num num) {
    int[] s = p.shape();
    return p.storage() == Param.Storage.VECTOR
        ? CodeBlock.of("new $T[$L]", num.type(), s[0])
        : CodeBlock.of("new $T[$L][$L]", num.type(), s[1], s[0]);
  }

  /** The storage's shape as a comment: {@code (784, 128) = W^T of the (128, 784) weight}. */
  public static String describe(Param p) {
    int[] s = p.shape();
    return p.storage() == Param.Storage.VECTOR
        ? "(" + s[0] + ")"
        : "(" + s[1] + ", " + s[0] + "), the transpose of the PyTorch (" + s[0] + ", " + s[1] + ") matrix";
  }

  /**
   * Calls {@code method(rows..., from, to<trailingArgs>)} on this part's share of the storage: a range of
   * elements of a vector, or whole arrays of a matrix (a range of its rows). {@code method} is a method
   * of the generated class ({@code update}) or a runtime one ({@code Optimizers.adam}). Each name in
   * {@code fields} is a field of the same layout as {@code p}; the code uses {@code part} and {@code parts}.
   */
  public static CodeBlock forEachPartRow(Param p, CodeBlock method, String trailingArgs, String... fields) {
    ClassName workers = ClassName.get("dev.unroll.runtime", "Workers");
    CodeBlock.Builder code = CodeBlock.builder();
    int[] s = p.shape();
    if (p.storage() == Param.Storage.VECTOR) {
      CodeBlock range = CodeBlock.of("$T.partStart($L, parts, part),$W$T.partStart($L, parts, part + 1)", workers, s[0],
          workers, s[0]);
      return code.addStatement("$L($L,$W$L$L)", method, wrapped(String.join(", ", fields)), range,
          wrapped(trailingArgs)).build();
    }
    StringBuilder args = new StringBuilder();
    for (String f : fields) {
      args.append(args.length() == 0 ? "" : ", ").append(f).append("[i]");
    }
    return code
        .beginControlFlow("for (int i = $T.partStart($L, parts, part); i < $T.partStart($L, parts, part + 1); i++)",
            workers, s[1], workers, s[1])
        .addStatement("$L($L,$W0,$W$L$L)", method, wrapped(args.toString()), s[0], wrapped(trailingArgs))
        .endControlFlow()
        .build();
  }

  /** A comma-separated argument list whose line may break after any comma (JavaPoet's {@code $W}). */
  private static CodeBlock wrapped(String args) {
    return CodeBlock.of(args.replace(", ", ",$W"));
  }

  /** Sets every element of a field of {@code p}'s layout to zero. */
  public static CodeBlock zero(Param p, String field, Num num) {
    if (p.storage() == Param.Storage.VECTOR) {
      return CodeBlock.builder().addStatement("$T.fill($L, $L)", java.util.Arrays.class, field, num.lit(0)).build();
    }
    return CodeBlock.builder()
        .beginControlFlow("for ($T[] row : $L)", num.type(), field)
        .addStatement("$T.fill(row, $L)", java.util.Arrays.class, num.lit(0))
        .endControlFlow()
        .build();
  }
}
