//! Portable seeded randomness: the same seed gives the same numbers natively and in wasm.

use rand::SeedableRng;
use rand_pcg::Pcg64Mcg;

/// The generator used everywhere in the core.
pub type Rng = Pcg64Mcg;

/// SplitMix64 finaliser: spreads nearby inputs over the whole 64-bit range.
pub fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A generator for one (seed, stream, index) triple. Noise drawn this way is a pure function of
/// its coordinates, which is what lets several optimizers share one noise stream.
pub fn rng_at(seed: u64, stream: u64, index: u64) -> Rng {
    Rng::seed_from_u64(mix(mix(seed ^ mix(stream)) ^ index))
}

/// A standard normal draw.
pub fn normal(rng: &mut Rng) -> f64 {
    use rand::RngExt;
    rng.sample(rand_distr::StandardNormal)
}
