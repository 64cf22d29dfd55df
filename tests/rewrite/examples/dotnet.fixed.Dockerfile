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
WORKDIR /app
COPY --from=builder /app /app

EXPOSE 8080

ENTRYPOINT ["dotnet", "hello.dll"]
