//! The rules of a photo, as pure functions: size, format by its bytes (not its name), pixel size
//! against the capture standard, and a full decode to refuse corrupt files. Reasons are the
//! Chinese sentences the batch report shows next to a manifest line. A good photo is stored as
//! its decoded pixels re-encoded, never as the uploaded bytes: EXIF (GPS position, device serial),
//! comments and anything appended after the image do not survive.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, ImageReader, Limits};
use sha2::{Digest, Sha256};

use crate::config::PhotoSettings;

/// What a good photo turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhotoFacts {
    pub content_type: &'static str,
    pub extension: &'static str,
    pub width: u32,
    pub height: u32,
    /// Bytes stored (the re-encoded photo).
    pub size: u64,
    /// Lower-case hex SHA-256 of the uploaded bytes: equal uploads are the same photo. The stored
    /// bytes are a deterministic re-encoding of them, so it also identifies what is served (ETag).
    pub sha256: String,
}

/// JPEG quality of a re-encoded photo: no visible loss on a 480×640 ID photo.
const JPEG_QUALITY: u8 = 90;

/// The SHA-256 of `bytes`, as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Checks one photo against the settings and returns its facts with the bytes to store (the
/// photo re-encoded, without metadata); the reason is why it is refused.
pub fn check(bytes: &[u8], rules: &PhotoSettings) -> Result<(PhotoFacts, Vec<u8>), String> {
    let size = bytes.len() as u64;
    if size > rules.max_bytes {
        return Err(format!(
            "照片文件过大（{:.1} MB），不能超过 {:.1} MB",
            size as f64 / 1_048_576.0,
            rules.max_bytes as f64 / 1_048_576.0
        ));
    }
    if bytes.is_empty() {
        return Err("照片文件是空的".into());
    }
    let format = image::guess_format(bytes).ok();
    let (content_type, extension) = match format {
        Some(ImageFormat::Jpeg) => ("image/jpeg", "jpg"),
        Some(ImageFormat::Png) => ("image/png", "png"),
        _ => return Err("不是 JPEG 或 PNG 图片（按文件内容判断，与扩展名无关）".into()),
    };
    // JPEG decoders fill a cut-off file with grey; a JPEG that does not end with its EOI marker
    // (FF D9, maybe followed by padding) was cut off in transfer.
    if format == Some(ImageFormat::Jpeg) {
        let end = bytes
            .iter()
            .rposition(|b| *b != 0 && *b != b'\n' && *b != b'\r');
        if !end.is_some_and(|i| i >= 1 && bytes[i - 1] == 0xFF && bytes[i] == 0xD9) {
            return Err("图片已损坏：JPEG 文件不完整（缺少结束标记）".into());
        }
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), format.expect("matched above"));
    let mut limits = Limits::default();
    // A header claiming a huge size is refused before any pixel memory is taken.
    limits.max_image_width = Some(rules.width.saturating_add(rules.tolerance_px).max(1) * 4);
    limits.max_image_height = Some(rules.height.saturating_add(rules.tolerance_px).max(1) * 4);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let image = reader
        .decode()
        .map_err(|e| format!("图片已损坏，无法完整解码（{e}）"))?;
    let (width, height) = (image.width(), image.height());
    let off = |actual: u32, wanted: u32| actual.abs_diff(wanted) > rules.tolerance_px;
    if off(width, rules.width) || off(height, rules.height) {
        let tolerance = if rules.tolerance_px > 0 {
            format!("（允许相差 {} 像素）", rules.tolerance_px)
        } else {
            String::new()
        };
        return Err(format!(
            "照片尺寸为 {width}×{height} 像素，应为 {}×{}{tolerance}",
            rules.width, rules.height
        ));
    }
    let clean = reencode(&image, format.expect("matched above"))
        .map_err(|e| format!("图片无法重新编码（{e}）"))?;
    let facts = PhotoFacts {
        content_type,
        extension,
        width,
        height,
        size: clean.len() as u64,
        sha256: sha256_hex(bytes),
    };
    Ok((facts, clean))
}

/// The pixels of `image` written afresh as `format`: a JPEG stays a JPEG (quality
/// [`JPEG_QUALITY`]), a PNG stays a lossless PNG. Only pixels are written, no metadata.
fn reencode(image: &DynamicImage, format: ImageFormat) -> image::ImageResult<Vec<u8>> {
    let mut out = Vec::new();
    if format == ImageFormat::Jpeg {
        let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY);
        match image {
            DynamicImage::ImageLuma8(grey) => grey.write_with_encoder(encoder)?,
            other => other.to_rgb8().write_with_encoder(encoder)?,
        }
    } else {
        image.write_to(&mut Cursor::new(&mut out), format)?;
    }
    Ok(out)
}

/// A small JPEG of the photo (at most 120×160), for the masked candidate view.
pub fn thumbnail(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let image = image::load_from_memory(bytes)?
        .thumbnail(120, 160)
        .into_rgb8();
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80).encode_image(&image)?;
    Ok(out)
}

/// A synthetic ID photo (a plain background with a head-and-shoulders silhouette) in `format`, for
/// demo data and tests; `seed` varies the colours so each one has its own bytes.
pub fn synthetic(width: u32, height: u32, seed: u32, format: ImageFormat) -> Vec<u8> {
    let bg = image::Rgb([
        60 + (seed * 37 % 150) as u8,
        110 + (seed * 53 % 120) as u8,
        200,
    ]);
    let fg = image::Rgb([30 + (seed * 11 % 60) as u8, 30, 40 + (seed * 7 % 50) as u8]);
    let (w, h) = (width as f32, height as f32);
    let img = image::RgbImage::from_fn(width, height, |x, y| {
        let (x, y) = (x as f32, y as f32);
        let head =
            ((x - w / 2.0) / (w * 0.18)).powi(2) + ((y - h * 0.38) / (h * 0.17)).powi(2) <= 1.0;
        let shoulders = y > h * 0.62
            && ((x - w / 2.0) / (w * 0.42)).powi(2) + ((y - h) / (h * 0.38)).powi(2) <= 1.0;
        if head || shoulders {
            fg
        } else {
            bg
        }
    });
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, format)
        .expect("encoding an in-memory image");
    out.into_inner()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> PhotoSettings {
        crate::config::Config::from_lookup(&|_| None)
            .unwrap()
            .photos
    }

    #[test]
    fn a_standard_jpeg_or_png_passes_and_its_hash_identifies_it() {
        let jpeg = synthetic(480, 640, 1, ImageFormat::Jpeg);
        let (facts, _) = check(&jpeg, &rules()).unwrap();
        assert_eq!(
            (facts.content_type, facts.width, facts.height),
            ("image/jpeg", 480, 640)
        );
        assert_eq!(facts.sha256, sha256_hex(&jpeg));
        let png = synthetic(480, 640, 2, ImageFormat::Png);
        assert_eq!(check(&png, &rules()).unwrap().0.extension, "png");
        assert_ne!(
            synthetic(480, 640, 3, ImageFormat::Jpeg),
            jpeg,
            "each seed its own bytes"
        );
    }

    #[test]
    fn wrong_sizes_corrupt_files_and_other_formats_are_refused_with_reasons() {
        let small = synthetic(300, 400, 1, ImageFormat::Jpeg);
        assert!(check(&small, &rules()).unwrap_err().contains("300×400"));
        let mut tolerant = rules();
        tolerant.tolerance_px = 5;
        assert!(check(&synthetic(484, 636, 1, ImageFormat::Jpeg), &tolerant).is_ok());
        let mut corrupt = synthetic(480, 640, 1, ImageFormat::Jpeg);
        corrupt.truncate(corrupt.len() / 3);
        assert!(check(&corrupt, &rules()).unwrap_err().contains("损坏"));
        assert!(check(b"%PDF-1.4 not a photo", &rules())
            .unwrap_err()
            .contains("JPEG 或 PNG"));
        let mut tiny = rules();
        tiny.max_bytes = 1024;
        assert!(check(&synthetic(480, 640, 1, ImageFormat::Png), &tiny)
            .unwrap_err()
            .contains("过大"));
    }

    /// `jpeg` with an EXIF segment and a comment carrying `marker` after SOI, and `marker` appended
    /// after its end (itself ending like a JPEG, as a polyglot would).
    fn with_payloads(jpeg: &[u8], marker: &[u8]) -> Vec<u8> {
        let segment = |kind: u8, body: &[u8]| {
            let len = (body.len() + 2) as u16;
            [&[0xFF, kind][..], &len.to_be_bytes(), body].concat()
        };
        let exif = [b"Exif\0\0".as_slice(), marker].concat();
        [
            &jpeg[..2],
            &segment(0xE1, &exif),
            &segment(0xFE, marker),
            &jpeg[2..],
            marker,
            &[0xFF, 0xD9],
        ]
        .concat()
    }

    fn contains(haystack: &[u8], needle: &[u8]) -> bool {
        haystack.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn stored_bytes_are_reencoded_pixels_without_metadata_or_payloads() {
        let marker = b"GPS-31.2304N-121.4737E-SERIAL-XY123";
        let dirty = with_payloads(&synthetic(480, 640, 1, ImageFormat::Jpeg), marker);
        let (facts, clean) = check(&dirty, &rules()).unwrap();
        assert!(contains(&dirty, marker) && !contains(&clean, marker));
        assert_eq!(
            facts.sha256,
            sha256_hex(&dirty),
            "duplicates are found by the upload"
        );
        assert_eq!(facts.size, clean.len() as u64);
        let decoded = image::load_from_memory(&clean).unwrap();
        assert_eq!((decoded.width(), decoded.height()), (480, 640));
        assert_eq!(image::guess_format(&clean).unwrap(), ImageFormat::Jpeg);
        assert_eq!(check(&dirty, &rules()).unwrap().1, clean, "deterministic");

        let png = synthetic(480, 640, 2, ImageFormat::Png);
        let (facts, clean) = check(&png, &rules()).unwrap();
        assert_eq!(facts.content_type, "image/png");
        assert_eq!(
            image::load_from_memory(&clean).unwrap().to_rgb8(),
            image::load_from_memory(&png).unwrap().to_rgb8(),
            "a PNG stays lossless"
        );
    }

    #[test]
    fn thumbnails_are_small_jpegs() {
        let thumb = thumbnail(&synthetic(480, 640, 1, ImageFormat::Png)).unwrap();
        let img = image::load_from_memory(&thumb).unwrap();
        assert_eq!((img.width(), img.height()), (120, 160));
        assert_eq!(image::guess_format(&thumb).unwrap(), ImageFormat::Jpeg);
    }
}
