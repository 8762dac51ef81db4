//! Distances for `near` searches, and the British National Grid for `easting` / `northing`.

/// The great-circle distance between two WGS84 points, in metres.
pub(crate) fn distance_m(from: (f64, f64), to: (f64, f64)) -> f64 {
    const EARTH_RADIUS_M: f64 = 6_371_008.8;
    let (lat1, lng1) = (from.0.to_radians(), from.1.to_radians());
    let (lat2, lng2) = (to.0.to_radians(), to.1.to_radians());
    let half_chord = ((lat2 - lat1) / 2.0).sin().powi(2)
        + lat1.cos() * lat2.cos() * ((lng2 - lng1) / 2.0).sin().powi(2);
    2.0 * EARTH_RADIUS_M * half_chord.sqrt().min(1.0).asin()
}

/// Parses `"lat,lng"` into a point on Earth.
pub(crate) fn parse_lat_lng(text: &str) -> Option<(f64, f64)> {
    let (lat, lng) = text.split_once(',')?;
    let lat: f64 = lat.trim().parse().ok()?;
    let lng: f64 = lng.trim().parse().ok()?;
    let valid = lat.is_finite() && lng.is_finite() && lat.abs() <= 90.0 && lng.abs() <= 180.0;
    valid.then_some((lat, lng))
}

/// National Grid easting and northing (metres) for a WGS84 point: the Ordnance Survey's
/// transverse Mercator projection on the Airy 1830 ellipsoid. The datum shift from WGS84 to
/// OSGB36 is left out, which puts points up to about 120 m off: plenty for an emulator.
pub(crate) fn national_grid(lat: f64, lng: f64) -> (i64, i64) {
    let (a, b) = (6_377_563.396_f64, 6_356_256.909_f64);
    let f0 = 0.999_601_271_7_f64;
    let (phi0, lambda0) = (49.0_f64.to_radians(), (-2.0_f64).to_radians());
    let (n0, e0) = (-100_000.0, 400_000.0);
    let e2 = 1.0 - (b * b) / (a * a);
    let n = (a - b) / (a + b);
    let (phi, lambda) = (lat.to_radians(), lng.to_radians());
    let (sin, cos, tan) = (phi.sin(), phi.cos(), phi.tan());
    let nu = a * f0 / (1.0 - e2 * sin * sin).sqrt();
    let rho = a * f0 * (1.0 - e2) / (1.0 - e2 * sin * sin).powf(1.5);
    let eta2 = nu / rho - 1.0;
    let (dp, sp) = (phi - phi0, phi + phi0);
    let meridional = b
        * f0
        * ((1.0 + n + 1.25 * n * n + 1.25 * n.powi(3)) * dp
            - (3.0 * n + 3.0 * n * n + 21.0 / 8.0 * n.powi(3)) * dp.sin() * sp.cos()
            + (15.0 / 8.0 * n * n + 15.0 / 8.0 * n.powi(3)) * (2.0 * dp).sin() * (2.0 * sp).cos()
            - 35.0 / 24.0 * n.powi(3) * (3.0 * dp).sin() * (3.0 * sp).cos());
    let t2 = tan * tan;
    let i = meridional + n0;
    let ii = nu / 2.0 * sin * cos;
    let iii = nu / 24.0 * sin * cos.powi(3) * (5.0 - t2 + 9.0 * eta2);
    let iiia = nu / 720.0 * sin * cos.powi(5) * (61.0 - 58.0 * t2 + t2 * t2);
    let iv = nu * cos;
    let v = nu / 6.0 * cos.powi(3) * (nu / rho - t2);
    let vi =
        nu / 120.0 * cos.powi(5) * (5.0 - 18.0 * t2 + t2 * t2 + 14.0 * eta2 - 58.0 * t2 * eta2);
    let dl = lambda - lambda0;
    let northing = i + ii * dl.powi(2) + iii * dl.powi(4) + iiia * dl.powi(6);
    let easting = e0 + iv * dl + v * dl.powi(3) + vi * dl.powi(5);
    (easting.round() as i64, northing.round() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_are_in_metres() {
        let westminster = (51.501009, -0.141588);
        let waterloo = (51.5031, -0.1132);
        let d = distance_m(westminster, waterloo);
        assert!((1900.0..2100.0).contains(&d), "{d}");
        assert_eq!(distance_m(westminster, westminster), 0.0);
    }

    #[test]
    fn national_grid_matches_the_ordnance_survey_example() {
        // The OS guide's worked example (on OSGB36 coordinates): 52°39'27.2531"N 1°43'4.5177"E
        // is E 651409.903, N 313177.270.
        let (e, n) = national_grid(52.657_570_3, 1.717_921_6);
        assert!(
            (e - 651_410).abs() <= 1 && (n - 313_177).abs() <= 1,
            "{e} {n}"
        );
    }

    #[test]
    fn lat_lng_text() {
        assert_eq!(parse_lat_lng("51.5, -0.12"), Some((51.5, -0.12)));
        assert_eq!(parse_lat_lng("91,0"), None);
        assert_eq!(parse_lat_lng("SW1A 1AA"), None);
    }
}
