// The Worker SDK names Microsoft.Extensions.Logging, Hosting, DependencyInjection and Configuration for every file already;
// the edge also formats and parses every time and number with the invariant culture.
global using System.Globalization;
