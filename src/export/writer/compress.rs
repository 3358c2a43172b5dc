//! FlateDecode (zlib) streams, with levels chosen by measurement on the
//! sample (benches/README.md): font programs are most of the file, the
//! rest is small.

use std::cell::RefCell;

use flate2::{Compress, Compression, FlushCompress, Status};

/// Font programs: most of the PDF's bytes. Level 4 against 6 saves ~8 % of
/// the writer's instructions for 0.4 KB more on the sample (zlib-rs; level
/// 9 saves 1 KB for 11 % more instructions, level 1 costs 28 KB).
pub(super) const FONT: u32 = 4;
/// Page contents, ToUnicode maps, images.
pub(super) const SMALL: u32 = 6;

/// `data` deflated at `level` in a zlib wrapper, as FlateDecode expects.
///
/// Each thread keeps its compressor and resets it between streams: setting
/// one up (allocating and zeroing its window and hash tables) cost a fifth
/// of the deflate instructions over the sample's ~30 small streams.
pub(super) fn deflate(data: &[u8], level: u32) -> Vec<u8> {
    thread_local! {
        static COMPRESSORS: RefCell<Vec<(u32, Compress)>> = const { RefCell::new(Vec::new()) };
    }
    COMPRESSORS.with(|cell| {
        let Ok(mut compressors) = cell.try_borrow_mut() else {
            return deflate_with(&mut Compress::new(Compression::new(level), true), data);
        };
        let at = match compressors.iter().position(|(l, _)| *l == level) {
            Some(at) => at,
            None => {
                compressors.push((level, Compress::new(Compression::new(level), true)));
                compressors.len() - 1
            }
        };
        let compress = &mut compressors[at].1;
        compress.reset();
        deflate_with(compress, data)
    })
}

fn deflate_with(compress: &mut Compress, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 2 + 64);
    let mut input = data;
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(1024));
        }
        let before = compress.total_in();
        let status = compress.compress_vec(input, &mut out, FlushCompress::Finish);
        let read = (compress.total_in() - before) as usize;
        input = input.get(read..).unwrap_or_default();
        match status {
            Ok(Status::StreamEnd) => return out,
            Ok(_) => {}
            // Deflating from memory into memory does not fail.
            Err(_) => return Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn deflated_data_inflates_back_and_a_reused_compressor_changes_nothing() {
        let data: Vec<u8> = (0..100_000u64).map(|i| (i * i % 251) as u8).collect();
        let packed = deflate(&data, FONT);
        assert!(packed.len() < data.len() / 2);
        let mut back = Vec::new();
        flate2::read::ZlibDecoder::new(packed.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data);
        // The same compressor again, after other data: same bytes.
        deflate(b"something else entirely", FONT);
        assert_eq!(deflate(&data, FONT), packed);
        assert!(deflate(&[], SMALL).len() >= 8);
    }
}
