use super::*;

/// A scratch folder of this test process.
fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("gongwen-font-cache-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// An installed font file to copy (fonts/install.sh puts Liberation Serif
/// there; the tests need the fonts anyway).
fn some_font_file() -> PathBuf {
    let mut files = Vec::new();
    walk(
        Path::new("/usr/share/fonts"),
        &mut HashSet::new(),
        &mut files,
    );
    files
        .into_iter()
        .map(|(path, _)| path)
        .find(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("LiberationSerif-Regular"))
        })
        .expect("Liberation Serif installed (fonts/install.sh)")
}

fn families(db: &Database) -> Vec<String> {
    let mut names: Vec<String> = db
        .faces()
        .flat_map(|f| f.families.iter().map(|(n, _)| n.clone()))
        .collect();
    names.sort();
    names
}

#[test]
fn a_known_file_is_not_read_again_and_a_changed_one_is() {
    let dir = scratch("reuse");
    let font = dir.join("serif.ttf");
    std::fs::copy(some_font_file(), &font).unwrap();
    let cache = dir.join("cache.tsv");

    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(families(&db), vec!["Liberation Serif".to_string()]);
    let written = std::fs::read_to_string(&cache).expect("cache written");
    assert!(written.starts_with(HEADER), "{written}");

    // The cache names the file's family differently: if the next run takes
    // the name from the cache, it did not open the font.
    std::fs::write(&cache, written.replace("Liberation Serif", "Cached Name")).unwrap();
    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(families(&db), vec!["Cached Name".to_string()]);

    // A file whose size or time changed is read again, and the cache mended.
    let bytes = std::fs::read(&font).unwrap();
    std::fs::write(&font, [bytes.as_slice(), &[0u8; 4]].concat()).unwrap();
    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(families(&db), vec!["Liberation Serif".to_string()]);
    let mended = std::fs::read_to_string(&cache).unwrap();
    assert!(!mended.contains("Cached Name"), "{mended}");
}

#[test]
fn new_and_removed_files_are_noticed() {
    let dir = scratch("new");
    let cache = dir.join("cache.tsv");
    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(db.len(), 0);

    let font = dir.join("sub").join("serif.TTF");
    std::fs::create_dir_all(font.parent().unwrap()).unwrap();
    std::fs::copy(some_font_file(), &font).unwrap();
    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(db.len(), 1);

    std::fs::remove_file(&font).unwrap();
    let mut db = Database::new();
    load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
    assert_eq!(db.len(), 0);
    assert!(
        !std::fs::read_to_string(&cache)
            .unwrap()
            .contains("serif.TTF")
    );
}

#[test]
fn a_malformed_or_foreign_cache_is_ignored() {
    let dir = scratch("bad");
    std::fs::copy(some_font_file(), dir.join("serif.ttf")).unwrap();
    let cache = dir.join("cache.tsv");
    for junk in [
        "not a cache at all\n".to_string(),
        format!("{HEADER}\n{}\tx\ty\t0\n", dir.join("serif.ttf").display()),
        format!(
            "{HEADER}\n{}\t1\t2\t0\t400\tq\t5\t0\tPS\tName\n",
            dir.join("serif.ttf").display()
        ),
        format!("{HEADER}\n\t\t\t\n\n"),
    ] {
        std::fs::write(&cache, junk).unwrap();
        let mut db = Database::new();
        load_folders(&mut db, std::slice::from_ref(&dir), Some(&cache));
        assert_eq!(families(&db), vec!["Liberation Serif".to_string()]);
    }
}

/// The system folders through the cache (cold, then warm) give the same
/// faces as reading every file, and as fontdb's own folder walk.
#[test]
fn the_cache_finds_what_reading_every_file_finds() {
    let dir = scratch("system");
    let cache = dir.join("cache.tsv");
    let folders = vec![PathBuf::from("/usr/share/fonts")];
    let summary = |db: &Database| {
        let mut faces: Vec<(String, u32, Vec<String>, u16, String)> = db
            .faces()
            .map(|f| {
                let path = match &f.source {
                    Source::File(p) => p.display().to_string(),
                    _ => String::new(),
                };
                let families = f.families.iter().map(|(n, _)| n.clone()).collect();
                (
                    path,
                    f.index,
                    families,
                    f.weight.0,
                    f.post_script_name.clone(),
                )
            })
            .collect();
        faces.sort();
        faces
    };
    let mut uncached = Database::new();
    load_folders(&mut uncached, &folders, None);
    assert!(!uncached.is_empty(), "no system fonts");
    // fontdb's own walk of the folder finds the same faces.
    let mut fontdb_walk = Database::new();
    fontdb_walk.load_fonts_dir(&folders[0]);
    assert_eq!(summary(&uncached), summary(&fontdb_walk));
    for _ in 0..2 {
        let mut db = Database::new();
        load_folders(&mut db, &folders, Some(&cache));
        assert_eq!(summary(&db), summary(&uncached));
    }
}
