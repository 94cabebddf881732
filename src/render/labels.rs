//! Chinese display labels for domain values: what a visitor reads, decided in one place.

use crate::model::{Mode, PlaceKind, Risk, Status};

pub fn place_kind(kind: PlaceKind) -> (&'static str, &'static str) {
    match kind {
        PlaceKind::Base => ("base", "科普教育基地"),
        PlaceKind::Spot => ("spot", "景区"),
    }
}

pub fn status(status: Status) -> &'static str {
    match status {
        Status::Open => "开放",
        Status::ByArrangement => "仅接受预约参观",
        Status::Closed => "暂停开放",
        Status::UnderConstruction => "建设中",
    }
}

pub fn risk(risk: Risk) -> &'static str {
    match risk {
        Risk::Cave => "洞穴",
        Risk::Water => "临水",
        Risk::Height => "高处",
        Risk::Steps => "台阶多",
        Risk::Enclosed => "密闭空间",
        Risk::Heat => "高温",
    }
}

pub fn mode(mode: Mode) -> &'static str {
    match mode {
        Mode::Coach => "大巴",
        Mode::Walk => "步行",
        Mode::Rail => "铁路",
        Mode::Metro => "轨道交通",
        Mode::Boat => "乘船",
        Mode::Cableway => "索道",
    }
}

/// `约 2 小时 30 分钟`, `约 40 分钟`.
pub fn duration(minutes: u32) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("约 {m} 分钟"),
        (h, 0) => format!("约 {h} 小时"),
        (h, m) => format!("约 {h} 小时 {m} 分钟"),
    }
}

/// `免费`, `¥25`, `¥12.5`.
pub fn price(cny: f64) -> String {
    if cny <= 0.0 {
        "免费".to_string()
    } else if cny.fract() == 0.0 {
        format!("¥{cny:.0}")
    } else {
        format!("¥{cny:.2}").trim_end_matches('0').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels() {
        assert_eq!(duration(150), "约 2 小时 30 分钟");
        assert_eq!(duration(40), "约 40 分钟");
        assert_eq!(duration(120), "约 2 小时");
        assert_eq!(price(0.0), "免费");
        assert_eq!(price(25.0), "¥25");
        assert_eq!(price(12.5), "¥12.5");
    }
}
