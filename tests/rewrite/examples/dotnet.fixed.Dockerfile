# ASP.NET Core minimal API.
FROM mcr.microsoft.com/dotnet/sdk:8.0 AS builder

WORKDIR /src

# Copy the project and publish it
COPY *.csproj ./
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app

WORKDIR /app

FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS runtime
# slimfile: assumes the app runs on the ASP.NET Core runtime image, which also runs console apps; mcr.microsoft.com/dotnet/runtime is smaller for those
WORKDIR /app
COPY --from=builder /app /app

EXPOSE 8080

ENTRYPOINT ["dotnet", "hello.dll"]
