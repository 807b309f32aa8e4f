global using CameraBeheer.Contracts.V1;
global using Google.Protobuf.WellKnownTypes;
global using Grpc.Core;
