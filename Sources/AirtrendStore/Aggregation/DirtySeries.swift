import AirtrendDomain

/// One station's series of one pollutant, the unit aggregate maintenance works on.
struct DirtySeries: Hashable {
    var target: StationTarget
    var pollutant: Pollutant
}
