; DPO Desktop: per-user Windows installer (Inno Setup 6).
;
; Installs the PyInstaller one-folder bundle into %LOCALAPPDATA%\Programs\DPO Desktop
; without admin rights, adds a Start-menu shortcut (and, if asked, a desktop one), and
; registers an uninstaller under "Apps & features" for the current user.
;
; Build the bundle first (python packaging\build.py, which calls this script when iscc is
; on PATH), or by hand from packaging\windows:
;   iscc /DAppVersion=0.1.0 /DBundleDir=..\..\dist\dpo-desktop dpo-desktop.iss
; The installer is written to dist\installer\.
;
; UNVERIFIED: written without a Windows machine; compile and install it once on Windows
; before the first release.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\dist\dpo-desktop"
#endif
#define AppName "DPO Desktop"
#define AppExeName "DPO Desktop.exe"
#define CliExeName "dpo-desktop.exe"

[Setup]
; A fixed AppId keeps upgrades and uninstall tied to one entry; never change it.
AppId={{6F0E2C3A-8D4B-4E52-9B1F-2D7A5C9E4B10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=DPO Desktop developers
VersionInfoVersion={#AppVersion}
; Per user, no UAC prompt: {autopf} resolves to {localappdata}\Programs in this mode.
PrivilegesRequired=lowest
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsedUserAreasWarning=no
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
SetupIconFile=..\..\resources\icons\dpo-desktop.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
OutputDir=..\..\dist\installer
OutputBaseFilename=dpo-desktop-{#AppVersion}-setup
; The bundle is ~1 GB of mostly already-compressed libraries and model weights.
Compression=lzma2/normal
SolidCompression=no
DiskSpanning=no
WizardStyle=modern
CloseApplications=yes
RestartApplications=no

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "japanese"; MessagesFile: "compiler:Languages\Japanese.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "..\..\resources\icons\dpo-desktop.ico"; DestDir: "{app}"; Flags: ignoreversion

[InstallDelete]
; An upgrade replaces the whole bundle, so files a new version no longer ships do not linger.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; IconFilename: "{app}\dpo-desktop.ico"; Comment: "Teach a small language model your own taste"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; IconFilename: "{app}\dpo-desktop.ico"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

; Uninstall removes {app} and the shortcuts. The user's runs, settings and converted-model
; cache (under %LOCALAPPDATA%\dpo-desktop) are theirs and stay.
