/**
 * Data sets and what prepares them for training: loaders ({@link dev.unroll.runtime.data.Idx},
 * {@link dev.unroll.runtime.data.Csv}), seeded splits ({@link dev.unroll.runtime.data.Split}),
 * standardisation ({@link dev.unroll.runtime.data.Standardizer}) and mini-batching into a reusable
 * {@link dev.unroll.runtime.Batch} ({@link dev.unroll.runtime.data.Batches}).
 */
package dev.unroll.runtime.data;
