//! What the fuzz targets share: a scratch folder for the importers that read a path.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The folder every input is written to and every package unpacked into, made once per
/// process and removed by the system's temporary-file cleaning if the run is killed.
pub fn scratch() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| {
        tempfile::Builder::new()
            .prefix("spool-fuzz-")
            .tempdir()
            .expect("a temporary folder for the fuzz inputs")
    })
    .path()
}

/// Writes `data` to `scratch()/input.<extension>`, replacing the previous input.
pub fn input_file(data: &[u8], extension: &str) -> PathBuf {
    let path = scratch().join(format!("input.{extension}"));
    std::fs::write(&path, data).expect("writing the fuzz input");
    path
}

/// The most one allocation may ask for. libFuzzer's `-malloc_limit_mb` only works with a
/// sanitizer's malloc hooks, which stable Rust cannot link; this allocator aborts instead,
/// and libFuzzer keeps the input that made it.
pub const MAX_ALLOCATION: usize = 256 << 20;

struct Limited;

// SAFETY: every call is passed on unchanged to the system allocator.
unsafe impl std::alloc::GlobalAlloc for Limited {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        check(layout.size());
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        check(layout.size());
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new_size: usize) -> *mut u8 {
        check(new_size);
        unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        unsafe { std::alloc::System.dealloc(ptr, layout) }
    }
}

fn check(size: usize) {
    if size > MAX_ALLOCATION {
        // No allocation here: print with a fixed message and abort.
        let message = b"==spool-fuzz== allocation over 256 MiB\n";
        // SAFETY: writing a static buffer to standard error.
        unsafe { libc_write(2, message.as_ptr(), message.len()) };
        std::process::abort();
    }
}

unsafe extern "C" {
    #[link_name = "write"]
    fn libc_write(fd: i32, buf: *const u8, count: usize) -> isize;
}

#[global_allocator]
static ALLOCATOR: Limited = Limited;
