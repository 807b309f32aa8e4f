global using System.Buffers;
global using System.Text;
global using CameraBeheer.Ingest;
