import AirtrendDaemon
import ArgumentParser

extension ReportFormat: ExpressibleByArgument {}
