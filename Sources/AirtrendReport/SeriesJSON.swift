/// `query … --format json`: the scope, the profile and the points; a value that does not exist is null.
struct SeriesJSON: Encodable {
    struct Point: Encodable {
        var time: String
        var value: Double?
        var coverage: Double
        var valid: Bool
        var aqiHJ633: Int?
        var aqiHJ633Category: String
        var aqiEPA: Int?
        var aqiEPACategory: String
        enum CodingKeys: String, CodingKey {
            case time, value, coverage, valid, aqiHJ633 = "aqi_hj633", aqiHJ633Category = "aqi_hj633_category", aqiEPA = "aqi_epa"
            case aqiEPACategory = "aqi_epa_category"
        }
        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(time, forKey: .time)
            try c.encode(value, forKey: .value)
            try c.encode(coverage, forKey: .coverage)
            try c.encode(valid, forKey: .valid)
            try c.encode(aqiHJ633, forKey: .aqiHJ633)
            try c.encode(aqiHJ633Category, forKey: .aqiHJ633Category)
            try c.encode(aqiEPA, forKey: .aqiEPA)
            try c.encode(aqiEPACategory, forKey: .aqiEPACategory)
        }
    }
    var scope: String
    var profile: String
    var points: [Point]
}
