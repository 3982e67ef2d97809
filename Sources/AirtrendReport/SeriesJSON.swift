import AirtrendDomain

/// `query … --format json`: the scope, the profile and the points; a value that does not exist is null.
struct SeriesJSON: Encodable {
    struct Point: Encodable {
        var time: String
        @AlwaysEncoded var value: Double?
        var coverage: Double
        var valid: Bool
        @AlwaysEncoded var aqiHJ633: Int?
        var aqiHJ633Category: String
        @AlwaysEncoded var aqiEPA: Int?
        var aqiEPACategory: String
        enum CodingKeys: String, CodingKey {
            case time, value, coverage, valid, aqiHJ633 = "aqi_hj633", aqiHJ633Category = "aqi_hj633_category", aqiEPA = "aqi_epa"
            case aqiEPACategory = "aqi_epa_category"
        }
    }
    var scope: String
    var profile: String
    var points: [Point]
}
