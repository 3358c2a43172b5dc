//! FlateDecode (zlib) streams, with levels chosen by measurement on the
//! sample (benches/README.md): font programs are most of the file, the
//! rest is small.

use std::io::Write;

use flate2::Compression;
use flate2::write::ZlibEncoder;

/// Font programs: most of the PDF's bytes. Level 4 against 6 saves ~8 % of
/// the writer's instructions for 0.4 KB more on the sample (zlib-rs; level
/// 9 saves 1 KB for 11 % more instructions, level 1 costs 28 KB).
pub(super) const FONT: u32 = 4;
/// Page contents, ToUnicode maps, images.
pub(super) const SMALL: u32 = 6;

/// `data` deflated at `level` in a zlib wrapper, as FlateDecode expects.
pub(super) fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    let mut encoder = ZlibEncoder::new(
        Vec::with_capacity(data.len() / 2 + 64),
        Compression::new(level),
    );
    // Writing to a Vec cannot fail.
    let _ = encoder.write_all(data);
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn deflated_data_inflates_back() {
        let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let packed = deflate(&data, FONT);
        assert!(packed.len() < data.len() / 4);
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(packed.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
    }
}
