import AirtrendDomain

/// The colours of the charts.
///
/// Series use the Okabe–Ito palette, which stays distinct under the common forms of colour
/// blindness. AQI categories use their official colours instead (HJ 633-2012 Table 5 and the
/// US EPA AQI), because readers know them; every category mark also carries its name in its
/// tooltip and the legend, so colour is never the only cue.
public enum ChartPalette {
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let bluishGreen = "#009E73"
    public static let reddishPurple = "#CC79A7"
    public static let black = "#000000"
    /// Axis text and reference lines.
    public static let ink = "#333333"
    public static let grid = "#E3E3E3"
    /// Days or months without a valid figure.
    public static let invalid = "#BDBDBD"
    public static let noFigure = "#9E9E9E"

    /// HJ 633-2012 category colours (RGB in the standard): 优 0,228,0 · 良 255,255,0 · 轻度 255,126,0 ·
    /// 中度 255,0,0 · 重度 153,0,76 · 严重 126,0,35.
    public static let hj633 = ["#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#99004C", "#7E0023"]
    /// US EPA AQI category colours: good 0,228,0 · moderate 255,255,0 · USG 255,126,0 · unhealthy 255,0,0 ·
    /// very unhealthy 143,63,151 · hazardous 126,0,35.
    public static let epa = ["#00E400", "#FFFF00", "#FF7E00", "#FF0000", "#8F3F97", "#7E0023"]

    /// Text colour that reads on a category colour: black on the light ones, white on the dark ones.
    public static func textColor(onCategory index: Int) -> String { index >= 3 ? "#FFFFFF" : "#000000" }
}
