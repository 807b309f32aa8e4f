// The namespaces nearly every file of the host uses: the grain interfaces, the site, gRPC and its authorization with the role names.
global using CameraBeheer.Abstractions;
global using CameraBeheer.Domain.Sites;
global using Grpc.Core;
global using Microsoft.AspNetCore.Authorization;
global using static CameraBeheer.Contracts.Auth.TokenContract.Roles;
