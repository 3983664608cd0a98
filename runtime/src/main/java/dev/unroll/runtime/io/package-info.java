/**
 * Saving and loading model parameters as safetensors files ({@link dev.unroll.runtime.io.Checkpoints}).
 */
package dev.unroll.runtime.io;
