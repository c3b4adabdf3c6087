import Foundation
import FlytrapCLI

exit(FlytrapMain.run())
