FROM mcr.microsoft.com/dotnet/sdk:8.0 AS builder
WORKDIR /src
COPY *.csproj ./
RUN dotnet restore
COPY . .
RUN dotnet publish -c Release -o /app/publish
WORKDIR /app/publish

FROM mcr.microsoft.com/dotnet/aspnet:8.0 AS runtime
# slimfile: assumes the app runs on the ASP.NET Core runtime image (slimfile did not read the project file), which also runs console apps; mcr.microsoft.com/dotnet/runtime is smaller for those
# slimfile: assumes the build context is unknown: the app reads no files beside its binary (templates/, static/, config files, an SQLite file); if it does, copy them into the runtime stage too
WORKDIR /app/publish
COPY --from=builder /app/publish /app/publish
EXPOSE 8080
ENTRYPOINT ["dotnet", "Hello.dll"]
