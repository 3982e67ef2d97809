import AirtrendIngest
import AirtrendReport
import AirtrendService
import ArgumentParser

extension ReportFormat: ExpressibleByArgument {}
