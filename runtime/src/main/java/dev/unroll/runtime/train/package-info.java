/**
 * Training and evaluation: the epoch loop ({@link dev.unroll.runtime.train.Trainer}), what it reports
 * ({@link dev.unroll.runtime.train.History}, {@link dev.unroll.runtime.train.TrainingListener},
 * {@link dev.unroll.runtime.train.Progress}) and metrics ({@link dev.unroll.runtime.train.Evaluator},
 * {@link dev.unroll.runtime.train.ConfusionMatrix}).
 */
package dev.unroll.runtime.train;
