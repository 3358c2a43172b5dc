//! Arbitrary bytes as a plain-text draft → `gongwen import` → the source
//! stage. Any panic or hang is a bug; and what import writes must be a
//! document our own parser reads (a parse error is a bug too: import
//! quotes and escapes everything it copies).

#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(imported) = gongwen::import::import_bytes(Path::new("draft.txt"), data) else {
        // Undecodable bytes are refused with a diagnostic: fine.
        return;
    };
    if let Err(e) = gongwen::source::parse(Path::new("draft.md"), &imported.markdown) {
        panic!(
            "import wrote a document that does not parse:\n{e}\n---\n{}",
            imported.markdown
        );
    }
});
