//! Coordinates. Everything is stored as WGS-84 (what GPS, OpenStreetMap and GeoJSON use).
//! Chinese map pickers give GCJ-02 (Amap, Tencent) or BD-09 (Baidu); the published conversion
//! formulas (Krasovsky 1940 ellipsoid) turn those back into WGS-84 on load. GCJ-02 has no closed
//! inverse, so WGS-84 is found by fixed-point iteration of the forward transform (< 0.5 m).

use std::f64::consts::PI;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GeoPoint {
    pub lat: f64,
    pub lon: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Datum {
    Wgs84,
    Gcj02,
    Bd09,
}

impl Datum {
    pub const NAMES: [&str; 3] = ["wgs84", "gcj02", "bd09"];

    pub fn parse(text: &str) -> Option<Datum> {
        match text {
            "wgs84" => Some(Datum::Wgs84),
            "gcj02" => Some(Datum::Gcj02),
            "bd09" => Some(Datum::Bd09),
            _ => None,
        }
    }
}

const A: f64 = 6_378_245.0;
const EE: f64 = 0.006_693_421_622_965_943;

fn outside_china(p: GeoPoint) -> bool {
    !(72.004..=137.8347).contains(&p.lon) || !(0.8293..=55.8271).contains(&p.lat)
}

/// WGS-84 → GCJ-02 (the forward transform of GB 20263 as published).
pub fn wgs84_to_gcj02(p: GeoPoint) -> GeoPoint {
    if outside_china(p) {
        return p;
    }
    let (x, y) = (p.lon - 105.0, p.lat - 35.0);
    let d_lat = -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * x.abs().sqrt()
        + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
        + (20.0 * (y * PI).sin() + 40.0 * (y / 3.0 * PI).sin()) * 2.0 / 3.0
        + (160.0 * (y / 12.0 * PI).sin() + 320.0 * (y * PI / 30.0).sin()) * 2.0 / 3.0;
    let d_lon = 300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * x.abs().sqrt()
        + (20.0 * (6.0 * x * PI).sin() + 20.0 * (2.0 * x * PI).sin()) * 2.0 / 3.0
        + (20.0 * (x * PI).sin() + 40.0 * (x / 3.0 * PI).sin()) * 2.0 / 3.0
        + (150.0 * (x / 12.0 * PI).sin() + 300.0 * (x / 30.0 * PI).sin()) * 2.0 / 3.0;
    let rad = p.lat / 180.0 * PI;
    let m = 1.0 - EE * rad.sin() * rad.sin();
    let sqrt_m = m.sqrt();
    GeoPoint {
        lat: p.lat + d_lat * 180.0 / ((A * (1.0 - EE)) / (m * sqrt_m) * PI),
        lon: p.lon + d_lon * 180.0 / (A / sqrt_m * rad.cos() * PI),
    }
}

/// GCJ-02 → WGS-84 by iterating the forward transform.
pub fn gcj02_to_wgs84(gcj: GeoPoint) -> GeoPoint {
    if outside_china(gcj) {
        return gcj;
    }
    let mut wgs = gcj;
    for _ in 0..10 {
        let f = wgs84_to_gcj02(wgs);
        let (d_lat, d_lon) = (f.lat - gcj.lat, f.lon - gcj.lon);
        wgs = GeoPoint {
            lat: wgs.lat - d_lat,
            lon: wgs.lon - d_lon,
        };
        if d_lat.abs() < 1e-9 && d_lon.abs() < 1e-9 {
            break;
        }
    }
    wgs
}

const X_PI: f64 = PI * 3000.0 / 180.0;

pub fn gcj02_to_bd09(p: GeoPoint) -> GeoPoint {
    let (x, y) = (p.lon, p.lat);
    let z = (x * x + y * y).sqrt() + 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) + 0.000003 * (x * X_PI).cos();
    GeoPoint {
        lat: z * theta.sin() + 0.006,
        lon: z * theta.cos() + 0.0065,
    }
}

pub fn bd09_to_gcj02(p: GeoPoint) -> GeoPoint {
    let (x, y) = (p.lon - 0.0065, p.lat - 0.006);
    let z = (x * x + y * y).sqrt() - 0.00002 * (y * X_PI).sin();
    let theta = y.atan2(x) - 0.000003 * (x * X_PI).cos();
    GeoPoint {
        lat: z * theta.sin(),
        lon: z * theta.cos(),
    }
}

/// The WGS-84 point for coordinates written in `datum`.
pub fn to_wgs84(p: GeoPoint, datum: Datum) -> GeoPoint {
    match datum {
        Datum::Wgs84 => p,
        Datum::Gcj02 => gcj02_to_wgs84(p),
        Datum::Bd09 => gcj02_to_wgs84(bd09_to_gcj02(p)),
    }
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn distance_km(a: GeoPoint, b: GeoPoint) -> f64 {
    const R: f64 = 6371.0088;
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let d_lat = la2 - la1;
    let d_lon = (b.lon - a.lon).to_radians();
    let h = (d_lat / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (d_lon / 2.0).sin().powi(2);
    2.0 * R * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: GeoPoint, b: GeoPoint, eps: f64) -> bool {
        (a.lat - b.lat).abs() < eps && (a.lon - b.lon).abs() < eps
    }

    #[test]
    fn published_test_vectors() {
        // eviltransform's vectors (Krasovsky ellipsoid), reproduced to 1e-9 degrees.
        let cases = [
            (
                (31.1774276, 121.5272106),
                (31.17530398364597, 121.531541859215),
            ),
            (
                (39.911954, 116.377817),
                (39.91334545536069, 116.38404722455657),
            ),
        ];
        for ((lat, lon), (glat, glon)) in cases {
            let g = wgs84_to_gcj02(GeoPoint { lat, lon });
            assert!(
                close(
                    g,
                    GeoPoint {
                        lat: glat,
                        lon: glon
                    },
                    1e-9
                ),
                "{g:?}"
            );
        }
    }

    #[test]
    fn chongqing_round_trips() {
        let wgs = GeoPoint {
            lat: 29.5710,
            lon: 106.5777,
        };
        let gcj = wgs84_to_gcj02(wgs);
        assert!(
            close(
                gcj,
                GeoPoint {
                    lat: 29.568116,
                    lon: 106.581388
                },
                1e-5
            ),
            "{gcj:?}"
        );
        let bd = gcj02_to_bd09(gcj);
        assert!(
            close(
                bd,
                GeoPoint {
                    lat: 29.574259,
                    lon: 106.587861
                },
                1e-5
            ),
            "{bd:?}"
        );
        // Back to WGS-84 to well under a metre (1e-6° ≈ 0.1 m).
        assert!(close(to_wgs84(gcj, Datum::Gcj02), wgs, 1e-6));
        assert!(close(to_wgs84(bd, Datum::Bd09), wgs, 1e-6));
        // The offset in Chongqing is about half a kilometre.
        let off = distance_km(wgs, gcj);
        assert!((0.4..0.6).contains(&off), "{off}");
    }

    #[test]
    fn outside_china_is_unchanged() {
        let paris = GeoPoint {
            lat: 48.8566,
            lon: 2.3522,
        };
        assert_eq!(wgs84_to_gcj02(paris), paris);
        assert_eq!(gcj02_to_wgs84(paris), paris);
    }

    #[test]
    fn distances() {
        let a = GeoPoint {
            lat: 29.571,
            lon: 106.578,
        };
        let b = GeoPoint {
            lat: 29.824,
            lon: 106.415,
        };
        let d = distance_km(a, b);
        assert!((32.0..34.0).contains(&d), "{d}");
        assert_eq!(distance_km(a, a), 0.0);
    }
}
